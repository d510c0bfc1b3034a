import { z } from 'zod';

/**
 * The protocol import path: an agency's manual as Markdown documents (one per protocol or
 * guideline, as LA County's PDFs convert) becomes section chunks with their protocol code,
 * which the search engine indexes like our own dataset. Pure: the CLI reads the files.
 */

export const protocolChunkSchema = z.object({
  tp_code: z.string().regex(/^\d{3,4}(\.\d+)?(-P)?$/, 'a protocol code like "1211", "1210-P" or "1317.25"'),
  tp_name: z.string().min(1),
  heading: z.string(),
  text: z.string().min(1),
  source: z.string().min(1),
});
export type ProtocolChunk = z.infer<typeof protocolChunkSchema>;

export const chunkFileSchema = z.object({
  format: z.literal('rigside.protocol-chunks'),
  version: z.literal(1),
  source: z.string(),
  generated_at: z.string(),
  documents: z.number().int().nonnegative(),
  chunks: z.array(protocolChunkSchema),
  unreadable: z.array(z.object({ file: z.string(), reason: z.string() })),
});
export type ChunkFile = z.infer<typeof chunkFileSchema>;

export type ImportResult =
  { ok: true; value: ProtocolChunk[] } | { ok: false; error: { code: 'DOCUMENT_UNREADABLE'; message: string } };

/** Chunks longer than this many words are split at a paragraph boundary. */
export const MAX_CHUNK_WORDS = 160;

// Lines every page of a converted manual repeats: letterhead, page furniture.
const PAGE_FURNITURE = [
  /^department of health services/i,
  /^county of los angeles/i,
  /^(effective( date)?|revised|supersedes|page \d+ of \d+|approved)\b/i,
  /^(treatment protocol|medical control guideline|ref(erence)?\.? ?no)/i,
  /^(subject|purpose|authority|medical director)\s*:/i,
];

const CODE_IN_TEXT = /Ref(?:erence)?\.?\s*No\.?\s*:?\s*(\d{3,4}(?:\.\d+)?(?:-P)?)/i;
const CODE_IN_NAME = /(?:^|[_\s-])(\d{4}(?:\.\d+)?(?:-P)?)(?=[A-Za-z_\s.-])/;
const TITLE_IN_TEXT =
  /(?:Treatment Protocol|Medical Control Guideline)\s*:\s*(.+?)(?:\s+Ref(?:erence)?\.?\s*No\.?.*)?$/im;

/** Splits one Markdown document into chunks, or says why it cannot be read. */
export function chunkDocument(fileName: string, markdown: string): ImportResult {
  const refuse = (reason: string): ImportResult => ({
    ok: false,
    error: { code: 'DOCUMENT_UNREADABLE', message: `${fileName}: ${reason}` },
  });
  const body = markdown.replace(/\r\n?/g, '\n');
  if (body.trim().length === 0) return refuse('the document is empty');
  if (body.includes(String.fromCharCode(0))) return refuse('the document is binary, not Markdown text');
  const lines = body.split('\n').map((l) => l.trim());
  const fromName = CODE_IN_NAME.exec(fileName)?.[1]?.toUpperCase();
  const firstInText = CODE_IN_TEXT.exec(body)?.[1]?.toUpperCase();
  if (!firstInText && !fromName)
    return refuse('no protocol code found (expected "Ref. No. 1211" in the text or a code in the file name)');
  if (/change\s*log/i.test(fileName) || lines.includes('CHANGE LOG')) return refuse('a change log, not a protocol');

  // A compiled manual holds many protocols: every page header names its code, so the code
  // (and name) in force changes wherever a header names another one.
  const titleNear = (at: number): string | undefined => {
    for (let i = Math.max(0, at - 2); i < Math.min(lines.length, at + 10); i++) {
      const title = TITLE_IN_TEXT.exec(lines[i]!)?.[1]?.trim();
      if (title) return titleCase(title);
    }
    return undefined;
  };
  let code = firstInText ?? fromName!;
  let name = titleNear(0) ?? nameFromFile(fileName, code);

  const chunks: ProtocolChunk[] = [];
  let heading = 'Overview';
  let paragraph: string[] = [];
  let words = 0;
  const flush = () => {
    const text = paragraph.join(' ').replace(/\s+/g, ' ').trim();
    if (text.length > 0) chunks.push({ tp_code: code, tp_name: name, heading, text, source: fileName });
    paragraph = [];
    words = 0;
  };
  lines.forEach((line, at) => {
    // Only a page header switches protocols; "see Ref. No. 834" in a sentence does not.
    const isHeader =
      TITLE_IN_TEXT.test(line) ||
      /^(?:.*\bCOUNTY OF\b.*?)?\s*REF(?:ERENCE)?\.?\s*NO\.?\s*:?\s*[\d.]+(?:-P)?\s*$/i.test(line);
    const headerCode = isHeader ? CODE_IN_TEXT.exec(line)?.[1]?.toUpperCase() : undefined;
    if (headerCode && headerCode !== code) {
      flush();
      code = headerCode;
      name = titleNear(at) ?? `Protocol ${code}`;
      heading = 'Overview';
    }
    if (line.length === 0) {
      if (words >= MAX_CHUNK_WORDS) flush();
      return;
    }
    if (/^#\s/.test(line) && at === 0) return; // the converter's file title
    if (PAGE_FURNITURE.some((re) => re.test(line))) return;
    const markdownHeading = /^#{1,6}\s+(.+)$/.exec(line)?.[1];
    const capsHeading =
      /^[A-Z][A-Z /&()-]{3,60}:?$/.test(line) && !/\d/.test(line) ? line.replace(/:$/, '') : undefined;
    if (markdownHeading || capsHeading) {
      flush();
      heading = titleCase(markdownHeading ?? capsHeading ?? heading);
      return;
    }
    paragraph.push(line);
    words += line.split(/\s+/).length;
  });
  flush();
  if (chunks.length === 0) return refuse('no text left after removing page headers');
  return { ok: true, value: chunks };
}

function nameFromFile(fileName: string, code: string): string {
  const base = fileName.replace(/\.md$/i, '').replace(/^\d+_/, '');
  const afterCode = base.slice(base.toUpperCase().indexOf(code) + code.length).replace(/\d{4}-\d{2}-\d{2}$/, '');
  const spaced = afterCode
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim();
  return spaced.length > 0 ? spaced : `Protocol ${code}`;
}

function titleCase(s: string): string {
  if (s !== s.toUpperCase()) return s;
  return s.toLowerCase().replace(/(^|[\s/(-])([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase());
}

// The national NEMSIS Schematron rules (EMSDataSet.sch, queryBinding xslt2) run with Saxon-HE
// (Debian's libsaxonhe-java and a JRE): the schema is compiled to XSLT by our own
// compile-schematron.xsl, once per run, then every document is checked in one Java process.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NEMSIS_REFERENCE_DIR } from '../../supabase/local/nemsis/xsd';

export const SAXON_JAR = '/usr/share/java/Saxon-HE.jar';
export const EMS_SCHEMATRON = resolve(NEMSIS_REFERENCE_DIR, 'v3.5.0/Schematron/rules/EMSDataSet.sch');
const COMPILER = resolve(import.meta.dirname, 'compile-schematron.xsl');

export function schematronAvailable(): boolean {
  if (!existsSync(SAXON_JAR) || !existsSync(EMS_SCHEMATRON)) return false;
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface SchematronMessage {
  kind: 'failed' | 'reported';
  id: string;
  /** [ERROR], [WARNING] or [FATAL], as the rule declares it. */
  role: string;
  message: string;
}

function saxon(args: string[]): void {
  execFileSync('java', ['-cp', SAXON_JAR, 'net.sf.saxon.Transform', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 120_000,
  });
}

/** Checks each document against the national rules; returns the messages per document, in order. */
export function runSchematron(documents: string[]): SchematronMessage[][] {
  const dir = mkdtempSync(join(tmpdir(), 'rigside-schematron-'));
  try {
    const stylesheet = join(dir, 'EMSDataSet.xsl');
    saxon([`-s:${EMS_SCHEMATRON}`, `-xsl:${COMPILER}`, `-o:${stylesheet}`]);
    const inDir = join(dir, 'in');
    const outDir = join(dir, 'out');
    mkdirSync(inDir);
    mkdirSync(outDir);
    documents.forEach((xml, i) => writeFileSync(join(inDir, `${String(i).padStart(4, '0')}.xml`), xml));
    saxon([`-s:${inDir}`, `-xsl:${stylesheet}`, `-o:${outDir}`]);
    return readdirSync(outDir)
      .sort()
      .map((file) => parseResults(readFileSync(join(outDir, file), 'utf8')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parseResults(xml: string): SchematronMessage[] {
  const messages: SchematronMessage[] = [];
  for (const m of xml.matchAll(/<(failed|reported)\b([^>]*)>([\s\S]*?)<\/\1>/g)) {
    const attr = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(m[2] ?? '')?.[1] ?? '';
    messages.push({
      kind: m[1] as 'failed' | 'reported',
      id: attr('id'),
      role: attr('role'),
      message: (m[3] ?? '').replace(/\s+/g, ' ').trim(),
    });
  }
  return messages;
}

// Small HTTP plumbing shared by the REST and Auth halves of the API stand-in.
import type { IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'object' && body && 'message' in body ? String(body.message) : `HTTP ${status}`);
  }
}

export const MAX_BODY_BYTES = 8 * 1024 * 1024;
/**
 * A body over the limit is still read to its end (and thrown away), up to this much, so that the
 * keep-alive connection it came on can carry the next request; beyond it the connection closes.
 */
const MAX_DISCARDED_BYTES = 64 * 1024 * 1024;
/** Deeper JSON is refused before parsing: Postgres' json parser recurses, and too deep a document is a 500 there. */
export const MAX_JSON_DEPTH = 512;

function tooLarge(closing: boolean): HttpError {
  return new HttpError(
    413,
    { code: 'PGRST413', details: null, hint: null, message: 'Request body is larger than 8 MB' },
    closing ? { Connection: 'close' } : {},
  );
}

export type JsonBody = { ok: true; value: unknown } | { ok: false; text: string; reason: string };

/**
 * Reads a JSON body; an empty body is `undefined`. Unparseable or too deeply nested JSON is the
 * caller's to report (each API answers it in its own words). A body over 8 MB is refused with
 * 413 once the rest of it has been read and dropped, so that client and server agree where the
 * next request on the connection starts; one declared over 64 MB, or that goes on past 64 MB,
 * is refused at once with `Connection: close` (or its connection cut).
 */
export async function readJsonBody(req: IncomingMessage): Promise<JsonBody> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > MAX_DISCARDED_BYTES) {
    req.on('data', () => undefined);
    req.resume();
    throw tooLarge(true);
  }
  const bytes = await new Promise<Buffer>((resolveText, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DISCARDED_BYTES) {
        req.socket.destroy();
        reject(tooLarge(true));
      } else if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
      } else if (chunks.length) {
        chunks.length = 0;
      }
    });
    req.once('end', () => (size > MAX_BODY_BYTES ? reject(tooLarge(false)) : resolveText(Buffer.concat(chunks))));
    // The client went away mid-body: nobody reads the answer, but it is not the database's fault.
    req.once('error', () =>
      reject(
        new HttpError(400, { code: 'PGRST102', details: null, hint: null, message: 'The request body was cut off' }),
      ),
    );
  });
  let text: string;
  try {
    // Fatal: bytes that are not UTF-8 are refused (as Postgres refuses them), never replaced.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, text: '', reason: 'the body is not valid UTF-8' };
  }
  if (text.trim() === '') return { ok: true, value: undefined };
  const depth = jsonDepth(text);
  if (depth > MAX_JSON_DEPTH)
    return { ok: false, text, reason: `JSON nested ${depth} levels deep; at most ${MAX_JSON_DEPTH} are accepted` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, text, reason: (error as Error).message };
  }
}

/** How deeply arrays and objects nest in JSON text (brackets inside strings do not count). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    ...(text ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** Sends a body that is already JSON text (what Postgres returned), without re-encoding it. */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

// The browser app is served from another port than the API, so every answer carries CORS
// headers, as Supabase's gateway does; preflights are answered without touching the database.
// What each service lets a browser read: PostgREST's fixed list (no Retry-After, so clients
// must take retry times from the body) and GoTrue's (its API version, which supabase-js reads
// to parse error codes). The stand-in exposes exactly these, so no test sees more than production.
const EXPOSED_HEADERS = {
  rest: 'Content-Encoding, Content-Location, Content-Range, Content-Type, Date, Location, Server, Transfer-Encoding, Range-Unit',
  auth: 'X-Total-Count, Link, X-Supabase-Api-Version',
} as const;

export function corsHeaders(
  req: IncomingMessage,
  service: keyof typeof EXPOSED_HEADERS = 'rest',
): Record<string, string> {
  const origin = req.headers.origin;
  return {
    'Access-Control-Allow-Origin': origin ?? '*',
    Vary: 'Origin',
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
    'Access-Control-Allow-Headers':
      req.headers['access-control-request-headers'] ??
      'authorization, apikey, content-type, x-client-info, x-supabase-api-version, prefer, accept-profile, content-profile, range',
    'Access-Control-Expose-Headers': EXPOSED_HEADERS[service],
    'Access-Control-Max-Age': '3600',
  };
}

export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1]?.trim() ?? null;
}

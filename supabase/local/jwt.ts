// HS256 JSON Web Tokens with node:crypto: Supabase signs access tokens and API keys with one
// shared secret, and PostgREST verifies them with it. Nothing here needs a JWT library.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { claimsSchema, type Claims } from './claims';

/** The Supabase CLI's local default; any string of 32+ characters works. */
export const DEFAULT_JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';

/** PostgREST accepts tokens up to 30 s past exp, for clocks that disagree a little. */
export const CLOCK_SKEW_SECONDS = 30;

export type JwtErrorCode = 'JWT_MALFORMED' | 'JWT_UNSUPPORTED_ALGORITHM' | 'JWT_BAD_SIGNATURE' | 'JWT_EXPIRED' | 'JWT_CLAIMS_INVALID';
export type JwtResult = { ok: true; value: Claims } | { ok: false; error: { code: JwtErrorCode; message: string } };

export function signJwt(claims: Claims, secret: string): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export function verifyJwt(token: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): JwtResult {
  const parts = token.split('.');
  const [header, payload, signature] = parts;
  if (parts.length !== 3 || !header || !payload || signature === undefined) {
    return fail('JWT_MALFORMED', `Expected 3 parts in JWT; got ${parts.length}`);
  }
  const headerJson = parseJson(header);
  if (!headerJson || typeof headerJson !== 'object') return fail('JWT_MALFORMED', 'The JWT header is not base64url-encoded JSON');
  const alg = (headerJson as { alg?: unknown }).alg;
  if (alg !== 'HS256') return fail('JWT_UNSUPPORTED_ALGORITHM', `JWT algorithm ${String(alg)} is not supported; tokens are signed with HS256`);

  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail('JWT_BAD_SIGNATURE', 'JWSError JWSInvalidSignature');
  }

  const raw = parseJson(payload);
  if (!raw || typeof raw !== 'object') return fail('JWT_MALFORMED', 'The JWT payload is not base64url-encoded JSON');
  // A token without a role claim runs as anon, as in PostgREST.
  const parsed = claimsSchema.safeParse({ role: 'anon', ...(raw as Record<string, unknown>) });
  if (!parsed.success) return fail('JWT_CLAIMS_INVALID', `JWT claims are invalid: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  if (parsed.data.exp !== undefined && nowSeconds > parsed.data.exp + CLOCK_SKEW_SECONDS) return fail('JWT_EXPIRED', 'JWT expired');
  return { ok: true, value: parsed.data };
}

function fail(code: JwtErrorCode, message: string): JwtResult {
  return { ok: false, error: { code, message } };
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function parseJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

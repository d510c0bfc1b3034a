// HS256 JSON Web Tokens with jose: Supabase signs access tokens and API keys with one shared
// secret, and PostgREST verifies them with it. Verification is strict: HS256 only, and each part
// of the token must be canonical base64url (jose decodes with Node's Buffer, which skips
// characters outside the alphabet, so "<signature>=" would otherwise pass as "<signature>").
import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { claimsSchema, type Claims } from './claims';

/**
 * The Supabase CLI's local default secret, which every Supabase tutorial prints: a stack must
 * never use it (anyone could sign tokens for it). Kept only so tests can show that.
 */
export const PUBLIC_DEMO_JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';

/** PostgREST accepts tokens up to 30 s past exp, for clocks that disagree a little. */
export const CLOCK_SKEW_SECONDS = 30;

export type JwtErrorCode =
  'JWT_MALFORMED' | 'JWT_UNSUPPORTED_ALGORITHM' | 'JWT_BAD_SIGNATURE' | 'JWT_EXPIRED' | 'JWT_CLAIMS_INVALID';
export type JwtResult = { ok: true; value: Claims } | { ok: false; error: { code: JwtErrorCode; message: string } };

/** A fresh secret for a local stack: 48 random bytes, base64url (64 characters). */
export function newJwtSecret(): string {
  return randomBytes(48).toString('base64url');
}

export function signJwt(claims: Claims, secret: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(keyOf(secret));
}

export async function verifyJwt(
  token: string,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<JwtResult> {
  const parts = token.split('.');
  if (parts.length !== 3) return fail('JWT_MALFORMED', `Expected 3 parts in JWT; got ${parts.length}`);
  if (!parts.every(isCanonicalBase64Url))
    return fail('JWT_MALFORMED', 'JWT parts must be base64url-encoded, with nothing before or after them');
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: ['HS256'],
      clockTolerance: CLOCK_SKEW_SECONDS,
      currentDate: new Date(nowSeconds * 1000),
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) return fail('JWT_EXPIRED', 'JWT expired');
    if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
      return fail('JWT_UNSUPPORTED_ALGORITHM', 'JWT algorithm is not supported; tokens are signed with HS256');
    }
    if (error instanceof errors.JWSSignatureVerificationFailed)
      return fail('JWT_BAD_SIGNATURE', 'JWSError JWSInvalidSignature');
    if (error instanceof errors.JWTClaimValidationFailed)
      return fail('JWT_CLAIMS_INVALID', `JWT claims are invalid: ${error.message}`);
    return fail('JWT_MALFORMED', `JWT is malformed: ${(error as Error).message}`);
  }
  // A token without a role claim runs as anon, as in PostgREST.
  const parsed = claimsSchema.safeParse({ role: 'anon', ...(payload as Record<string, unknown>) });
  if (!parsed.success)
    return fail(
      'JWT_CLAIMS_INVALID',
      `JWT claims are invalid: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  return { ok: true, value: parsed.data };
}

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Only the base64url alphabet, no padding, and the unused low bits of the last character zero. */
function isCanonicalBase64Url(part: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(part) && Buffer.from(part, 'base64url').toString('base64url') === part;
}

function fail(code: JwtErrorCode, message: string): JwtResult {
  return { ok: false, error: { code, message } };
}

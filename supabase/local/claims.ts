// The claims of a Supabase access token, as GoTrue issues them and PostgREST hands them to
// Postgres. `role` is the Postgres role the request runs as; Rigside's own role (paramedic,
// emt, supervisor, medical_director, admin) lives in app_metadata.role (DESIGN.md), which only the
// server can write.
import { z } from 'zod';

export const DB_ROLES = ['anon', 'authenticated', 'service_role'] as const;
export type DbRole = (typeof DB_ROLES)[number];

export const APP_ROLES = ['paramedic', 'emt', 'supervisor', 'medical_director', 'admin'] as const;
export type AppRole = (typeof APP_ROLES)[number];

/** Issuer of locally signed tokens; a real project uses https://<ref>.supabase.co/auth/v1. */
export const LOCAL_ISSUER = 'http://127.0.0.1/auth/v1';

export const claimsSchema = z
  .object({
    iss: z.string().optional(),
    sub: z.string().optional(),
    aud: z.union([z.string(), z.array(z.string())]).optional(),
    exp: z.number().int().optional(),
    iat: z.number().int().optional(),
    role: z.enum(DB_ROLES, { error: 'the token role must be anon, authenticated or service_role' }),
    email: z.string().optional(),
    phone: z.string().optional(),
    app_metadata: z.record(z.string(), z.unknown()).optional(),
    user_metadata: z.record(z.string(), z.unknown()).optional(),
    session_id: z.string().optional(),
    aal: z.string().optional(),
    amr: z.array(z.object({ method: z.string(), timestamp: z.number() })).optional(),
    is_anonymous: z.boolean().optional(),
  })
  .loose();
export type Claims = z.infer<typeof claimsSchema>;

export interface ClaimsUser {
  id: string;
  email?: string | null;
  appMetadata?: Record<string, unknown>;
  userMetadata?: Record<string, unknown>;
}

export interface ClaimsTiming {
  /** Seconds since the epoch; tests pass a fixed clock. */
  nowSeconds?: number;
  expiresInSeconds?: number;
  sessionId?: string;
  issuer?: string;
}

/** The claims of a signed-in user's access token, shaped like GoTrue's. */
export function userClaims(user: ClaimsUser, timing: ClaimsTiming = {}): Claims {
  const iat = timing.nowSeconds ?? Math.floor(Date.now() / 1000);
  return {
    iss: timing.issuer ?? LOCAL_ISSUER,
    sub: user.id,
    aud: 'authenticated',
    exp: iat + (timing.expiresInSeconds ?? 3600),
    iat,
    email: user.email ?? '',
    phone: '',
    app_metadata: { provider: 'email', providers: ['email'], ...(user.appMetadata ?? {}) },
    user_metadata: user.userMetadata ?? {},
    role: 'authenticated',
    aal: 'aal1',
    amr: [{ method: 'password', timestamp: iat }],
    session_id: timing.sessionId ?? crypto.randomUUID(),
    is_anonymous: false,
  };
}

/**
 * Claims of the anon and service_role API keys: no user, just the Postgres role. They are the
 * Supabase CLI's demo keys (fixed issuer and expiry, no iat), so the same secret always gives
 * the same key and an app built yesterday still talks to today's stack.
 */
export function keyClaims(role: 'anon' | 'service_role'): Claims {
  return { iss: 'supabase-demo', role, exp: 1983812996 };
}

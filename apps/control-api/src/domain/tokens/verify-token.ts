import { errors, jwtVerify } from 'jose';
import type { ServiceContext } from '../context.ts';
import { tokenSigningKey } from './signing-key.ts';

/** The `iss` of every token this API mints; other JWTs signed with the same key are refused. */
export const TOKEN_ISSUER = 'mediaplane';

/** A token check; `reason` is safe to log and show (it never contains the token). */
export type TokenCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

// A JWT from this API is ~250 characters; parsing megabytes of garbage is not worth it.
const MAX_TOKEN_LENGTH = 4096;

/** Checks signature, expiry and that the token grants exactly this action on this app/stream. */
export async function verifyToken({
  ctx,
  token,
  app,
  stream,
  action,
}: {
  ctx: Pick<ServiceContext, 'db' | 'tokenSecret' | 'now'>;
  token: string;
  app: string;
  stream: string;
  action: 'publish' | 'play';
}): Promise<TokenCheck> {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'invalid token' };
  const key = await tokenSigningKey(ctx);
  let claims: Record<string, unknown>;
  try {
    const verified = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      requiredClaims: ['exp'],
      currentDate: ctx.now(),
    });
    claims = verified.payload;
  } catch (err) {
    return { ok: false, reason: err instanceof errors.JWTExpired ? 'token expired' : 'invalid token' };
  }
  if (claims.app !== app || claims.stream !== stream)
    return { ok: false, reason: 'token is for another stream' };
  if (claims.action !== action) return { ok: false, reason: `token does not allow ${action}` };
  return { ok: true };
}

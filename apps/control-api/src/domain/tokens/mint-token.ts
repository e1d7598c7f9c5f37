import type { CreateTokenInput, CreateTokenResult } from '@mediaplane/protocol';
import { SignJWT } from 'jose';
import type { ServiceContext } from '../context.ts';
import { tokenSigningKey } from './signing-key.ts';
import { TOKEN_ISSUER } from './verify-token.ts';

/** Mints a JWT (HS256) letting its holder do `action` on `app/stream` until it expires. */
export async function mintToken({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateTokenInput;
}): Promise<CreateTokenResult> {
  const key = await tokenSigningKey(ctx);
  const issuedAt = Math.floor(ctx.now().getTime() / 1000);
  const expiresAt = issuedAt + input.ttlSeconds;
  const token = await new SignJWT({ app: input.app, stream: input.stream, action: input.action })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(TOKEN_ISSUER)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(key);
  ctx.log.info('token minted', {
    app: input.app,
    stream: input.stream,
    action: input.action,
    ttlSeconds: input.ttlSeconds,
    requestId: ctx.requestId,
  });
  return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
}

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Whether a caller may command this node: with a node secret, it must send it as a bearer token;
 * without one, only callers on this machine may (the standalone install's embedded API).
 */
export function commandAllowed(req: IncomingMessage, secret: string | undefined): boolean {
  if (secret === undefined) return isLoopback(req.socket.remoteAddress);
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (match === null) return false;
  // Comparing digests hides the secret's length and any matching prefix.
  return timingSafeEqual(digest(match[1]!), digest(secret));
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

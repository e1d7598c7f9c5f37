// Mediaplane-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>.
// Web Crypto only, so senders and receivers run on Node, browsers and Workers alike.

/** The header carrying a delivery's signature. */
export const WEBHOOK_SIGNATURE_HEADER = 'Mediaplane-Signature';

/** How far a signature's timestamp may be from the receiver's clock by default (5 minutes). */
export const DEFAULT_WEBHOOK_TOLERANCE_SEC = 300;

const encoder = new TextEncoder();

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

function toHex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** The header value for `body` (the exact bytes sent, as a string) signed at `t` (unix seconds). */
export async function signWebhook(secret: string, body: string, t: number): Promise<string> {
  if (!Number.isSafeInteger(t) || t < 0)
    throw new RangeError(`signature time must be unix seconds, got ${t}`);
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(`${t}.${body}`));
  return `t=${t},v1=${toHex(mac)}`;
}

/** A parsed signature header: its time and every `v1` signature (several during a secret rotation). */
export interface ParsedWebhookSignature {
  t: number;
  v1: string[];
}

/** Parses `t=…,v1=…[,v1=…]`; unknown schemes are ignored, so later versions can add them. Undefined if malformed. */
export function parseWebhookSignature(header: string): ParsedWebhookSignature | undefined {
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || t !== undefined) return undefined;
      t = Number(value);
    } else if (key === 'v1') {
      v1.push(value);
    }
  }
  return t === undefined || v1.length === 0 ? undefined : { t, v1 };
}

/**
 * True when `header` holds a valid v1 signature of `body` under `secret`, made within `toleranceSec`
 * of `nowSec` (the receiver's clock); the comparison is constant-time (`crypto.subtle.verify`).
 */
export async function verifyWebhook(
  secret: string,
  body: string,
  header: string,
  toleranceSec: number = DEFAULT_WEBHOOK_TOLERANCE_SEC,
  nowSec: number = Math.floor(Date.now() / 1000),
): Promise<boolean> {
  const parsed = parseWebhookSignature(header);
  if (parsed === undefined || Math.abs(nowSec - parsed.t) > toleranceSec) return false;
  const key = await hmacKey(secret);
  const data = encoder.encode(`${parsed.t}.${body}`);
  for (const hex of parsed.v1) {
    const mac = fromHex(hex);
    if (mac !== undefined && mac.length === 32 && (await crypto.subtle.verify('HMAC', key, mac, data)))
      return true;
  }
  return false;
}

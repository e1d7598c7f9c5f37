import { createHmac } from 'node:crypto';

/** Size of C1/S1/C2/S2 (§5.2.3). */
export const HANDSHAKE_SIZE = 1536;
/** Size of an HMAC-SHA256 digest embedded in a handshake packet. */
export const DIGEST_SIZE = 32;

// The widely documented Flash Player / FMS key tails that follow the ASCII key prefixes.
const KEY_TAIL = Buffer.from('f0eec24a8068bee82e00d0d1029e7e576eec5d2d29806fab93b8e636cfeb31ae', 'hex');

/** Full Flash Player key: "Genuine Adobe Flash Player 001" + 32 tail bytes; C1 digests use its first 30. */
export const FP_KEY = Buffer.concat([Buffer.from('Genuine Adobe Flash Player 001', 'latin1'), KEY_TAIL]);
/** Full FMS key: "Genuine Adobe Flash Media Server 001" + 32 tail bytes; S1 digests use its first 36. */
export const FMS_KEY = Buffer.concat([
  Buffer.from('Genuine Adobe Flash Media Server 001', 'latin1'),
  KEY_TAIL,
]);
/** Key that signs C1 (the ASCII part of FP_KEY). */
export const FP_KEY_C1 = FP_KEY.subarray(0, 30);
/** Key that signs S1 (the ASCII part of FMS_KEY). */
export const FMS_KEY_S1 = FMS_KEY.subarray(0, 36);

/** Digest placement scheme: 0 = digest in the first 764-byte block, 1 = in the second. */
export type DigestScheme = 0 | 1;

/** Offset of the 32-byte digest in a 1536-byte packet under `scheme`. */
export function digestOffset(packet: Uint8Array, scheme: DigestScheme): number {
  // Four offset bytes sum, mod 728, into the block after them (8..11 → 12.., 772..775 → 776..).
  const base = scheme === 0 ? 8 : 772;
  const sum = packet[base]! + packet[base + 1]! + packet[base + 2]! + packet[base + 3]!;
  return (sum % 728) + base + 4;
}

/** HMAC-SHA256 of `packet` minus the 32 digest bytes at `offset`. */
export function packetDigest(packet: Uint8Array, offset: number, key: Uint8Array): Buffer {
  return createHmac('sha256', key)
    .update(packet.subarray(0, offset))
    .update(packet.subarray(offset + DIGEST_SIZE, HANDSHAKE_SIZE))
    .digest();
}

/** Finds the scheme under which `packet` carries a valid digest keyed by `key`, or null. */
export function findDigest(
  packet: Uint8Array,
  key: Uint8Array,
): { scheme: DigestScheme; digest: Buffer } | null {
  for (const scheme of [0, 1] as const) {
    const offset = digestOffset(packet, scheme);
    const expected = packetDigest(packet, offset, key);
    if (expected.equals(packet.subarray(offset, offset + DIGEST_SIZE))) return { scheme, digest: expected };
  }
  return null;
}

/** Writes a valid digest into `packet` (1536 bytes, randomised already) under `scheme`; returns it. */
export function signPacket(packet: Buffer, scheme: DigestScheme, key: Uint8Array): Buffer {
  const offset = digestOffset(packet, scheme);
  const digest = packetDigest(packet, offset, key);
  digest.copy(packet, offset);
  return digest;
}

/** Signs the last 32 bytes of an S2/C2 with HMAC(HMAC(fullKey, peerDigest), first 1504 bytes). */
export function signEcho(packet: Buffer, fullKey: Uint8Array, peerDigest: Uint8Array): void {
  echoDigest(packet, fullKey, peerDigest).copy(packet, HANDSHAKE_SIZE - DIGEST_SIZE);
}

/** The digest an S2/C2 answering `peerDigest` must end with. */
export function echoDigest(packet: Uint8Array, fullKey: Uint8Array, peerDigest: Uint8Array): Buffer {
  const key = createHmac('sha256', fullKey).update(peerDigest).digest();
  return createHmac('sha256', key)
    .update(packet.subarray(0, HANDSHAKE_SIZE - DIGEST_SIZE))
    .digest();
}

import fc from 'fast-check';
import { ProtocolError } from '../../core/errors.ts';

/** Test helper: bytes from a string of '0'/'1' (spaces ignored), zero-padded to a whole byte. */
export function bits(s: string): Buffer {
  const clean = s.replace(/\s+/g, '');
  const out = Buffer.alloc(Math.ceil(clean.length / 8));
  for (let i = 0; i < clean.length; i++) if (clean[i] === '1') out[i >> 3]! |= 0x80 >> (i & 7);
  return out;
}

/** Test helper: `parse` either returns or throws ProtocolError for every input `arb` produces. */
export function assertParsesOrRejects<T>(
  arb: fc.Arbitrary<T>,
  parse: (input: T) => unknown,
  numRuns = 1000,
): void {
  fc.assert(
    fc.property(arb, (input) => {
      try {
        parse(input);
      } catch (err) {
        if (!(err instanceof ProtocolError)) throw err;
      }
    }),
    { numRuns },
  );
}

/** Test helper: random bytes, plus variants of `seeds` with bytes overwritten and tails cut off. */
export function bytesNear(...seeds: Uint8Array[]): fc.Arbitrary<Buffer> {
  const random = fc.uint8Array({ maxLength: 128 }).map((b) => Buffer.from(b));
  if (seeds.length === 0) return random;
  const mutated = fc
    .record({
      seed: fc.constantFrom(...seeds),
      edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
      cut: fc.option(fc.nat(), { freq: 3 }),
    })
    .map(({ seed, edits, cut }) => {
      const out = Buffer.from(seed);
      for (const [at, value] of edits) if (out.length > 0) out[at % out.length] = value;
      return cut === null ? out : out.subarray(0, cut % (out.length + 1));
    });
  return fc.oneof(random, mutated);
}

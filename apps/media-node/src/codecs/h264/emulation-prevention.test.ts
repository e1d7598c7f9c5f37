import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { removeEmulationPrevention } from './emulation-prevention.ts';

// Reference: drop every 0x03 that follows two zero bytes, scanning left to right (H.264 §7.4.1).
function reference(nal: Uint8Array): number[] {
  const out: number[] = [];
  let zeros = 0;
  for (const b of nal) {
    if (zeros >= 2 && b === 3) {
      zeros = 0;
      continue;
    }
    out.push(b);
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return out;
}

describe('removeEmulationPrevention', () => {
  const cases: Array<[string, string]> = [
    ['', ''],
    ['6742c01f', '6742c01f'],
    ['000003', '0000'],
    ['00000301', '000001'],
    ['0000030000030000', '000000000000'],
    ['000003030000', '0000030000'], // the second 0x03 follows a 0x03, not two zeros
    ['110000030000030200', '11000000000200'],
  ];
  for (const [input, output] of cases) {
    it(`maps ${input || '(empty)'} to ${output || '(empty)'}`, () => {
      expect(Buffer.from(removeEmulationPrevention(Buffer.from(input, 'hex'))).toString('hex')).toBe(output);
    });
  }

  it('returns the same object when there is nothing to remove', () => {
    const nal = Buffer.from('6742c01fd9', 'hex');
    expect(removeEmulationPrevention(nal)).toBe(nal);
  });

  it('agrees with a byte-by-byte reference on random input', () => {
    const arb = fc.uint8Array({ maxLength: 64 }).map((b) => b.map((x) => [0, 3, 1, x][x & 3]!));
    fc.assert(
      fc.property(arb, (nal) => {
        expect([...removeEmulationPrevention(nal)]).toEqual(reference(nal));
      }),
      { numRuns: 1000 },
    );
  });
});

/**
 * Removes emulation_prevention_three_byte (0x000003 → 0x0000) to turn a NAL unit into its RBSP
 * (ITU-T H.264 §7.4.1, same rule in H.265 §7.4.2). Returns the input untouched when none occur.
 */
export function removeEmulationPrevention(nal: Uint8Array): Uint8Array {
  let i = indexOfEscape(nal, 0);
  if (i < 0) return nal;
  const out = new Uint8Array(nal.length);
  let written = 0;
  let from = 0;
  while (i >= 0) {
    // Keep the two zero bytes, drop the 0x03.
    out.set(nal.subarray(from, i + 2), written);
    written += i + 2 - from;
    from = i + 3;
    i = indexOfEscape(nal, from);
  }
  out.set(nal.subarray(from), written);
  written += nal.length - from;
  return out.subarray(0, written);
}

const ESCAPE = Uint8Array.of(0, 0, 3);

function indexOfEscape(nal: Uint8Array, from: number): number {
  return Buffer.from(nal.buffer, nal.byteOffset, nal.length).indexOf(ESCAPE, from);
}

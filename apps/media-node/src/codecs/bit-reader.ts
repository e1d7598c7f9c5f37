import { ProtocolError } from '../core/errors.ts';

/** Reads big-endian bit fields and Exp-Golomb codes (ITU-T H.264 §9.1) from a byte buffer. */
export class BitReader {
  private readonly buf: Uint8Array;
  private pos = 0;
  private readonly end: number;
  private readonly what: string;

  /** `what` names the structure in error messages, e.g. 'H.264 SPS'. */
  constructor(buf: Uint8Array, what: string) {
    this.buf = buf;
    this.end = buf.length * 8;
    this.what = what;
  }

  /** Bits not yet read. */
  get bitsLeft(): number {
    return this.end - this.pos;
  }

  /** Bits read so far. */
  get bitsRead(): number {
    return this.pos;
  }

  /** Reads an unsigned field of up to 32 bits. */
  u(n: number): number {
    if (n > this.end - this.pos) throw new ProtocolError(`${this.what}: truncated`);
    let v = 0;
    for (let i = 0; i < n; i++) {
      const byte = this.buf[this.pos >>> 3]!;
      // Multiplication instead of << keeps 32-bit values positive.
      v = v * 2 + ((byte >>> (7 - (this.pos & 7))) & 1);
      this.pos++;
    }
    return v;
  }

  /** Reads one bit as a boolean. */
  flag(): boolean {
    return this.u(1) === 1;
  }

  /** Skips `n` bits. */
  skip(n: number): void {
    if (n > this.end - this.pos) throw new ProtocolError(`${this.what}: truncated`);
    this.pos += n;
  }

  /** Reads ue(v); codes longer than 32 bits are refused as no field in these syntaxes needs them. */
  ue(): number {
    let zeros = 0;
    while (this.u(1) === 0) {
      if (++zeros > 31) throw new ProtocolError(`${this.what}: Exp-Golomb code too long`);
    }
    return 2 ** zeros - 1 + this.u(zeros);
  }

  /** Reads se(v), mapping codeNum k to (-1)^(k+1) * ceil(k / 2) (H.264 §9.1.1). */
  se(): number {
    const k = this.ue();
    if (k === 0) return 0;
    return k % 2 === 1 ? (k + 1) / 2 : -(k / 2);
  }
}

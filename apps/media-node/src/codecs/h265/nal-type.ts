import { someNalUnit } from '../nal-units.ts';

/** H.265 nal_unit_type values the node acts on (ITU-T H.265 Table 7-1). */
export const H265_NAL = { BLA_W_LP: 16, CRA: 21, VPS: 32, SPS: 33, PPS: 34, AUD: 35 } as const;

/** nal_unit_type of an H.265 NAL unit from the first header byte. */
export function h265NalType(header: number): number {
  return (header >>> 1) & 0x3f;
}

/** True when a 4-byte length-prefixed access unit holds an IRAP picture (types 16..23). */
export function h265HasIrap(au: Buffer): boolean {
  return someNalUnit(au, (h) => {
    const t = (h >>> 1) & 0x3f;
    return t >= 16 && t <= 23;
  });
}

import { someNalUnit } from '../nal-units.ts';

/** H.264 nal_unit_type values the node acts on (ITU-T H.264 Table 7-1). */
export const H264_NAL = { SLICE: 1, IDR: 5, SEI: 6, SPS: 7, PPS: 8, AUD: 9 } as const;

/** nal_unit_type of an H.264 NAL unit from its header byte. */
export function h264NalType(header: number): number {
  return header & 0x1f;
}

/** True when a 4-byte length-prefixed access unit holds an IDR slice. */
export function h264HasIdr(au: Buffer): boolean {
  return someNalUnit(au, (h) => (h & 0x1f) === H264_NAL.IDR);
}

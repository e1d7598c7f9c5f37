/** FLV TagType values (FLV spec v10.1 Annex E.4.1). */
export const FLV_TAG = { AUDIO: 8, VIDEO: 9, SCRIPT: 18 } as const;
/** An FLV TagType value. */
export type FlvTagType = (typeof FLV_TAG)[keyof typeof FLV_TAG];

/** Legacy VIDEODATA CodecID values the node maps (Annex E.4.3.1); 12 is the de facto HEVC extension. */
export const VIDEO_CODEC_ID = { AVC: 7, HEVC_LEGACY: 12 } as const;
/** Legacy AUDIODATA SoundFormat values the node maps (Annex E.4.2.1); 9 marks an Enhanced RTMP header. */
export const SOUND_FORMAT = { AAC: 10, EX_HEADER: 9 } as const;

/** VIDEODATA FrameType values (Annex E.4.3.1). */
export const FRAME_TYPE = { KEY: 1, INTER: 2, DISPOSABLE: 3, GENERATED_KEY: 4, COMMAND: 5 } as const;

/** AVCPacketType / AACPacketType values (Annex E.4.3.2, E.4.2.2). */
export const AVC_PACKET = { SEQUENCE_HEADER: 0, NALU: 1, END_OF_SEQUENCE: 2 } as const;

/** Enhanced RTMP v1/v2 VideoPacketType values. */
export const EX_VIDEO_PACKET = {
  SEQUENCE_START: 0,
  CODED_FRAMES: 1,
  SEQUENCE_END: 2,
  CODED_FRAMES_X: 3,
  METADATA: 4,
  MPEG2TS_SEQUENCE_START: 5,
  MULTITRACK: 6,
  MOD_EX: 7,
} as const;

/** Enhanced RTMP v2 AudioPacketType values. */
export const EX_AUDIO_PACKET = {
  SEQUENCE_START: 0,
  CODED_FRAMES: 1,
  SEQUENCE_END: 2,
  MULTICHANNEL_CONFIG: 4,
  MULTITRACK: 5,
  MOD_EX: 7,
} as const;

/** FourCC codes of Enhanced RTMP, as the 32-bit big-endian numbers that appear on the wire. */
export const FOURCC = {
  AVC: fourCc('avc1'),
  HEVC: fourCc('hvc1'),
  AAC: fourCc('mp4a'),
  OPUS: fourCc('Opus'),
} as const;

/** The 32-bit big-endian value of a four-character code. */
export function fourCc(code: string): number {
  return (
    ((code.charCodeAt(0) << 24) |
      (code.charCodeAt(1) << 16) |
      (code.charCodeAt(2) << 8) |
      code.charCodeAt(3)) >>>
    0
  );
}

/** The four characters of a FourCC value, for logs and 'unsupported' results. */
export function fourCcString(value: number): string {
  return String.fromCharCode(
    (value >>> 24) & 0xff,
    (value >>> 16) & 0xff,
    (value >>> 8) & 0xff,
    value & 0xff,
  );
}

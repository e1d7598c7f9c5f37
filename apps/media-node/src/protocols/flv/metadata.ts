import type { AudioConfig, StreamMetadata, VideoConfig } from '../../core/frame.ts';
import { type Amf0Object, type Amf0Value, encodeAmf0, encodeAmf0EcmaArray } from '../amf/amf0.ts';
import { FOURCC, SOUND_FORMAT, VIDEO_CODEC_ID } from './tag-types.ts';

// A live stream has neither; a publisher's stale file values make players show a seek bar.
const DROPPED_KEYS = new Set(['duration', 'filesize']);
// Deeper publisher values are dropped rather than risk the encoder's nesting limit.
const MAX_DEPTH = 16;

/**
 * An onMetaData SCRIPTDATA body (FLV spec Annex E.5): the publisher's metadata with the track facts
 * players read (width, height, codec ids, sample rate, channels) overwritten from the configs. Enhanced
 * RTMP codecs get their FourCC as the numeric codec id.
 */
export function metadataTagBody(
  metadata: StreamMetadata,
  configs: { readonly video?: VideoConfig; readonly audio?: AudioConfig } = {},
): Buffer {
  // A null prototype makes a publisher's "__proto__" key an ordinary property.
  const out: Amf0Object = Object.create(null);
  for (const [key, value] of Object.entries(metadata)) {
    const v = toAmf0(value, 0);
    if (v !== undefined && !DROPPED_KEYS.has(key)) out[key] = v;
  }
  const { video, audio } = configs;
  if (video) {
    out.width = video.width;
    out.height = video.height;
    out.videocodecid = video.codec === 'h264' ? VIDEO_CODEC_ID.AVC : FOURCC.HEVC;
  }
  if (audio) {
    out.audiocodecid = audio.codec === 'aac' ? SOUND_FORMAT.AAC : FOURCC.OPUS;
    out.audiosamplerate = audio.sampleRate;
    out.audiosamplesize = 16;
    out.audiochannels = audio.channels;
    out.stereo = audio.channels > 1;
  }
  return Buffer.concat([encodeAmf0('onMetaData'), encodeAmf0EcmaArray(out)]);
}

// Metadata arrives as unknown; keep only what AMF0 can carry.
function toAmf0(v: unknown, depth: number): Amf0Value {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v;
  if (typeof v !== 'object' || depth >= MAX_DEPTH) return undefined;
  if (Array.isArray(v)) return v.map((item) => toAmf0(item, depth + 1) ?? null);
  const out: Amf0Object = Object.create(null);
  for (const [key, value] of Object.entries(v)) {
    const converted = toAmf0(value, depth + 1);
    if (converted !== undefined) out[key] = converted;
  }
  return out;
}

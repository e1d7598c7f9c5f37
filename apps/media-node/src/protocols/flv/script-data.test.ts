import { describe, expect, it } from 'vitest';
import { assertParsesOrRejects, bytesNear } from '../../codecs/testing/fuzz.ts';
import { ProtocolError } from '../../core/errors.ts';
import type { AudioConfig, VideoConfig } from '../../core/frame.ts';
import { decodeAmf0, encodeAmf0, encodeAmf0EcmaArray } from '../amf/amf0.ts';
import { metadataTagBody } from './from-stream.ts';
import { parseScriptData } from './to-stream.ts';

const video: VideoConfig = { kind: 'video', codec: 'h264', record: Buffer.alloc(0), width: 640, height: 360 };
const audio: AudioConfig = {
  kind: 'audio',
  codec: 'aac',
  record: Buffer.alloc(0),
  sampleRate: 44100,
  channels: 2,
};

describe('parseScriptData', () => {
  it('reads onMetaData with an ECMA array (FLV files, Annex E.5)', () => {
    const body = Buffer.concat([
      encodeAmf0('onMetaData'),
      encodeAmf0EcmaArray({ width: 640, encoder: 'obs' }),
    ]);
    expect(parseScriptData(body)).toEqual({ name: 'onMetaData', metadata: { width: 640, encoder: 'obs' } });
  });

  it('unwraps the @setDataFrame wrapper RTMP publishers send', () => {
    const body = encodeAmf0('@setDataFrame', 'onMetaData', { framerate: 30 });
    expect(parseScriptData(body)).toEqual({ name: 'onMetaData', metadata: { framerate: 30 } });
  });

  it('takes the first object argument and gives an empty one when there is none', () => {
    expect(parseScriptData(encodeAmf0('onCuePoint', 3, { name: 'x' }))).toEqual({
      name: 'onCuePoint',
      metadata: { name: 'x' },
    });
    expect(parseScriptData(encodeAmf0('onTextData'))).toEqual({ name: 'onTextData', metadata: {} });
  });

  it('rejects bodies without a string handler name', () => {
    expect(() => parseScriptData(encodeAmf0(1, {}))).toThrow(ProtocolError);
    expect(() => parseScriptData(encodeAmf0('@setDataFrame'))).toThrow(/handler name/);
    expect(() => parseScriptData(Buffer.alloc(0))).toThrow(ProtocolError);
  });

  it('fuzz: random and mutated script bodies decode or throw ProtocolError', () => {
    const seeds = [
      encodeAmf0('@setDataFrame', 'onMetaData', { width: 1, a: [true, null] }),
      metadataTagBody({}, { video }),
    ];
    assertParsesOrRejects(bytesNear(...seeds), (b) => parseScriptData(b), 2000);
  });
});

describe('metadataTagBody', () => {
  it('encodes onMetaData as an ECMA array (hand-written vector for the empty case)', () => {
    // String 'onMetaData', ECMA array marker 08, count 0, object end 00 00 09.
    expect(metadataTagBody({}).toString('hex')).toBe('02000a6f6e4d65746144617461' + '0800000000000009');
  });

  it('overrides track facts from the configs and drops file-only keys', () => {
    const metadata = {
      width: 1,
      duration: 12.5,
      filesize: 99,
      encoder: 'obs',
      framerate: 30,
      nested: { a: [1, 'b'] },
    };
    expect(parseScriptData(metadataTagBody(metadata, { video, audio }))).toEqual({
      name: 'onMetaData',
      metadata: {
        width: 640,
        height: 360,
        encoder: 'obs',
        framerate: 30,
        nested: { a: [1, 'b'] },
        videocodecid: 7,
        audiocodecid: 10,
        audiosamplerate: 44100,
        audiosamplesize: 16,
        audiochannels: 2,
        stereo: true,
      },
    });
  });

  it('uses the FourCC as the codec id for Enhanced RTMP codecs', () => {
    const { metadata } = parseScriptData(
      metadataTagBody(
        {},
        { video: { ...video, codec: 'h265' }, audio: { ...audio, codec: 'opus', channels: 1 } },
      ),
    );
    expect(metadata).toMatchObject({ videocodecid: 0x68766331, audiocodecid: 0x4f707573, stereo: false });
  });

  it('keeps what AMF0 can carry and drops the rest, including __proto__ keys as plain data', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": 1}, "ok": 1}') as Record<string, unknown>;
    const metadata = { fn: () => 1, sym: Symbol('x'), big: 5n, when: new Date(0), hostile };
    const [, decoded] = decodeAmf0(metadataTagBody(metadata)) as [string, Record<string, unknown>];
    expect(Object.keys(decoded)).toEqual(['big', 'when', 'hostile']);
    expect(decoded.big).toBe(5);
    expect(Object.keys(decoded.hostile as object)).toEqual(['__proto__', 'ok']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

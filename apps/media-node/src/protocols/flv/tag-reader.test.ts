import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertParsesOrRejects, bytesNear } from '../../codecs/testing/fuzz.ts';
import { ProtocolError } from '../../core/errors.ts';
import { flvTag } from './from-stream.ts';
import { flvFileHeader } from './tag-header.ts';
import { type FlvTag, FlvTagReader } from './tag-reader.ts';
import { FLV_TAG } from './tag-types.ts';

const TAGS: FlvTag[] = [
  { type: FLV_TAG.SCRIPT, timestamp: 0, body: Buffer.from('02000a6f6e4d65746144617461', 'hex') },
  { type: FLV_TAG.VIDEO, timestamp: 0, body: Buffer.alloc(300, 7) },
  { type: FLV_TAG.AUDIO, timestamp: 23, body: Buffer.from('af01aa', 'hex') },
  { type: FLV_TAG.VIDEO, timestamp: 2 ** 31 + 5, body: Buffer.alloc(0) },
];
const STREAM = Buffer.concat([
  flvFileHeader({ audio: true, video: true }),
  ...TAGS.map((t) => flvTag(t.type as 8 | 9 | 18, t.timestamp, t.body)),
]);

function readInChunks(stream: Buffer, cuts: number[]): FlvTag[] {
  const reader = new FlvTagReader();
  const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
  const tags: FlvTag[] = [];
  let from = 0;
  for (const p of [...points, stream.length]) {
    tags.push(...reader.push(stream.subarray(from, p)));
    from = p;
  }
  return tags;
}

describe('FlvTagReader', () => {
  it('reads every tag from one chunk', () => {
    expect(new FlvTagReader().push(STREAM)).toEqual(TAGS);
  });

  it('reads the same tags however the stream is split', () => {
    expect(
      readInChunks(
        STREAM,
        Array.from({ length: STREAM.length }, (_, i) => i),
      ),
    ).toEqual(TAGS);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (cuts) => {
        expect(readInChunks(STREAM, cuts)).toEqual(TAGS);
      }),
      { numRuns: 300 },
    );
  });

  it('honours a DataOffset larger than 9', () => {
    const header = flvFileHeader({ audio: true, video: true });
    header.writeUInt32BE(12, 5);
    const stream = Buffer.concat([
      header.subarray(0, 9),
      Buffer.alloc(3),
      header.subarray(9),
      STREAM.subarray(13),
    ]);
    expect(readInChunks(stream, [5, 10, 14])).toEqual(TAGS);
  });

  it('rejects a bad signature and encrypted tags with ProtocolError', () => {
    expect(() => new FlvTagReader().push(Buffer.from('RIFF0000000000', 'latin1'))).toThrow(ProtocolError);
    const filtered = Buffer.from(STREAM);
    filtered[13] = 0x20 | FLV_TAG.SCRIPT;
    expect(() => new FlvTagReader().push(filtered)).toThrow(/encrypted/);
  });

  it('fuzz: random and mutated streams, split anywhere, yield tags or throw ProtocolError', () => {
    const arb = fc.tuple(bytesNear(STREAM.subarray(0, 64), STREAM), fc.array(fc.nat(), { maxLength: 6 }));
    assertParsesOrRejects(arb, ([stream, cuts]) => readInChunks(stream, cuts), 1000);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeAmf0 } from '../protocols/amf/amf0.ts';
import { FlvTagReader } from '../protocols/flv/tag-reader.ts';
import { memoryLogger, testFeed } from '../pull/testing/test-feed.ts';
import { FlvTagIngest } from './flv-tag-ingest.ts';

const FIXTURE = readFileSync(new URL('../../test/fixtures/h264-aac-10s.flv', import.meta.url));

describe('FlvTagIngest', () => {
  it('maps the fixture to configs, metadata and frames, calling onFirstFrame once', () => {
    const feed = testFeed();
    let firstFrames = 0;
    const ingest = new FlvTagIngest(feed.stream, memoryLogger().log, () => {
      // Called before the first frame is pushed, as the RTMP server's ready logic expects.
      expect(feed.frames.video + feed.frames.audio).toBe(0);
      firstFrames++;
    });
    for (const tag of new FlvTagReader().push(FIXTURE)) {
      if (tag.type === 9) ingest.video(tag.body, tag.timestamp);
      else if (tag.type === 8) ingest.audio(tag.body, tag.timestamp);
      else if (tag.type === 18) ingest.script(tag.body);
    }
    expect(firstFrames).toBe(1);
    expect(feed.frames.video).toBeGreaterThan(200);
    expect(feed.frames.firstVideoKey).toBe(true);
    const config = feed.stream.currentConfig;
    expect(config.video?.codec).toBe('h264');
    expect(config.audio?.codec).toBe('aac');
    expect(config.metadata?.height).toBe(360);
  });

  it('warns once per unsupported codec and ignores empty bodies and other script data', () => {
    const feed = testFeed();
    const { log, lines } = memoryLogger();
    const ingest = new FlvTagIngest(feed.stream, log, () => {});
    for (let i = 0; i < 3; i++) {
      ingest.video(Buffer.from([0x22, 0, 0, 0, 0]), i); // Sorenson H.263
      ingest.audio(Buffer.from([0x2f, 0xff]), i); // MP3
    }
    ingest.video(Buffer.alloc(0), 0);
    ingest.audio(Buffer.alloc(0), 0);
    ingest.script(encodeAmf0('onCuePoint', { name: 'x' }));
    expect(lines.filter((l) => l.includes('ignoring unsupported'))).toHaveLength(2);
    expect(feed.stream.currentConfig).toEqual({});
    expect(feed.frames).toMatchObject({ video: 0, audio: 0 });
  });
});

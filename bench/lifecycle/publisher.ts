// A real-time RTMP publisher child, like `ffmpeg -re -stream_loop -1 -c copy`, that says when its first keyframe left.
// Usage: node bench/lifecycle/publisher.ts <rtmp-url> <flv-file>
// Prints JSON lines: {"event":"publishing","at":...} then {"event":"first-keyframe","at":...}; `at` is epoch ms.
// SIGTERM stops cleanly (deleteStream); SIGKILL is the crash the reconnect bench wants.
import { readFileSync } from 'node:fs';
import { type FlvTag, FlvTagReader } from '../../apps/media-node/src/protocols/flv/tag-reader.ts';
import { connectRtmp } from '../../apps/media-node/src/pull/rtmp/client.ts';

const [url, file] = process.argv.slice(2);
if (!url || !file) {
  console.error('usage: publisher.ts <rtmp-url> <flv-file>');
  process.exit(2);
}
// Script data (onMetaData) is left out: audio/video configs are all a node needs.
const tags = new FlvTagReader().push(readFileSync(file)).filter((t) => t.type === 8 || t.type === 9);
const epochNow = (): number => performance.timeOrigin + performance.now();
const say = (event: string): void => console.log(JSON.stringify({ event, at: epochNow() }));
const isKeyframe = (t: FlvTag): boolean => t.type === 9 && t.body[0]! >> 4 === 1 && t.body[1] === 1;

const client = await connectRtmp(url, { timeoutMs: 10_000 });
client.once('close', () => process.exit(0));
process.once('SIGTERM', () => client.close());
await client.publish();
say('publishing');

const first = tags[0]!.timestamp;
const span = tags.at(-1)!.timestamp - first + 40;
const start = performance.now();
let sentKeyframe = false;
for (let loop = 0; ; loop++) {
  const offset = loop * span;
  for (const tag of tags) {
    // -re pacing: a tag leaves when its media time is due on the wall clock.
    const due = start + offset + tag.timestamp - first;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    client.sendMessage({ typeId: tag.type, timestamp: offset + tag.timestamp, payload: tag.body });
    if (!sentKeyframe && isKeyframe(tag)) {
      sentKeyframe = true;
      say('first-keyframe');
    }
    await client.drained();
  }
}

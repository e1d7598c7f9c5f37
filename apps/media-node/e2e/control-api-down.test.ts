import { StreamList } from '@mediaplane/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaNodeConfig } from '../src/config/schema.ts';
import { type ControlClient, createControlClient } from '../src/control/client.ts';
import { createLogger } from '../src/log.ts';
import { type MediaNode, nodeRegistration, startMediaNode } from '../src/media-node.ts';
import { connectRtmp, type RtmpClient, RtmpStatusError } from '../src/pull/rtmp/client.ts';
import { type ApiProcess, apiProcess } from './support/api-process.ts';
import { publish, stopAll } from './support/ffmpeg.ts';
import { type FlvPlayer, playHttpFlv } from './support/flv-player.ts';
import { waitFor } from './support/poll.ts';
import { hasTool } from './support/tools.ts';

// A decision waits up to this long for a live API; a dead one must be answered far sooner.
const DECISION_TIMEOUT_MS = 10_000;
// Every "fails fast" step below must finish well inside this, or the poll fails.
const FAST_MS = 3000;

describe.skipIf(!hasTool('ffmpeg'))('the control API dies while a stream plays', () => {
  let api: ApiProcess;
  let node: MediaNode;
  let control: ControlClient;
  const logs: string[] = [];
  const players: FlvPlayer[] = [];
  const rtmpClients: RtmpClient[] = [];

  beforeAll(async () => {
    api = await apiProcess();
    await api.start();
    const log = createLogger('debug', {}, (line) => {
      logs.push(line);
      if (process.env.MEDIAPLANE_TEST_LOG) process.stderr.write(`${line}\n`);
    });
    const config = MediaNodeConfig.parse({
      node: { id: `node-down-${Date.now().toString(36)}` },
      rtmp: { host: '127.0.0.1', port: 0 },
      http: { host: '127.0.0.1', port: 0 },
      control: { url: api.url, heartbeatMs: 300, timeoutMs: DECISION_TIMEOUT_MS },
    });
    control = createControlClient({
      baseUrl: api.url,
      nodeId: config.node.id,
      timeoutMs: DECISION_TIMEOUT_MS,
      failPolicy: 'closed',
      retry: { baseDelayMs: 50, maxDelayMs: 500 },
      log,
    });
    node = await startMediaNode(config, { policy: control, events: control, log });
    expect(await control.register(nodeRegistration(config, node))).toBe(true);
  });

  afterAll(async () => {
    for (const p of players) p.close();
    for (const c of rtmpClients) c.close();
    await stopAll();
    await node?.close();
    await control?.close();
    await api?.close();
  });

  const flv = (name: string) => {
    const p = playHttpFlv(node.httpPort, `/live/${name}.live.flv`);
    players.push(p);
    return p;
  };
  const videoCount = (p: FlvPlayer) => p.tags.filter((t) => t.type === 'video').length;
  const rtmpPlay = async (name: string) => {
    const client = await connectRtmp(`rtmp://127.0.0.1:${node.rtmpPort}/live/${name}`, {
      timeoutMs: FAST_MS,
    });
    rtmpClients.push(client);
    return client.play(name);
  };
  const flvStatus = (name: string) => {
    const p = flv(name);
    return waitFor('an HTTP-FLV answer', () => p.status, FAST_MS);
  };

  it('keeps playing, refuses new plays fast with the declared error, and recovers when the API returns', async () => {
    publish(`rtmp://127.0.0.1:${node.rtmpPort}/live/down`, { loop: true });
    await waitFor('the stream to go live', () =>
      node.registry.getLive({ vhost: '__defaultVhost__', app: 'live', stream: 'down' }),
    );
    const watching = flv('down');
    await waitFor('the player to receive video', () => videoCount(watching) > 10);

    await api.kill();

    // Existing sessions continue.
    const before = videoCount(watching);
    await waitFor(
      'the player to keep receiving video without the API',
      () => videoCount(watching) > before + 50,
    );
    expect(watching.closed).toBe(false);

    // New plays are refused at once (fail policy closed), long before a decision would time out.
    expect(await flvStatus('down')).toBe(503);
    const refused = await rtmpPlay('down').then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(RtmpStatusError);
    expect((refused as RtmpStatusError).code).toBe('NetStream.Play.Failed');

    // After a few failures the breaker opens: refusals then come without even trying the network.
    for (let i = 0; i < 5 && control.breakerState !== 'open'; i++) expect(await flvStatus('down')).toBe(503);
    expect(control.breakerState).toBe('open');
    const logged = logs.length;
    expect(await flvStatus('down')).toBe(503);
    expect(logs.slice(logged).some((l) => l.includes('play refused') && l.includes('circuit open'))).toBe(
      true,
    );
    expect(watching.closed).toBe(false);

    await api.start();

    // New plays work again once the node sees the API back (heartbeats and the breaker's probe).
    const back = await waitFor(
      'a new HTTP-FLV play to be allowed',
      async () => {
        const p = flv('down');
        const status = await waitFor('an HTTP-FLV answer', () => p.status, FAST_MS);
        if (status !== 200) return undefined;
        return p;
      },
      20_000,
      100,
    );
    await waitFor('the new player to receive video', () => videoCount(back) > 5);
    await expect(rtmpPlay('down')).resolves.toBeUndefined();
    expect(videoCount(watching)).toBeGreaterThan(before + 50);

    // The restarted API still knows the stream: it waits out a few heartbeats before judging nodes.
    const res = await fetch(`${api.url}/v1/streams`, { headers: { authorization: `Bearer ${api.apiKey}` } });
    expect(res.status).toBe(200);
    expect(StreamList.parse(await res.json()).data.map((s) => s.stream)).toContain('down');
  });
});

import { randomBytes } from 'node:crypto';
import type { AuthorizeRequest, NodeEvent, RegisterNode, Track } from '@mediaplane/protocol';

/** A node id no other test uses, so tests sharing a database never see each other's rows. */
export function uniqueNodeId(prefix = 'node'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/** A video + audio track pair. */
export const TRACKS: Track[] = [
  { kind: 'video', codec: 'h264', width: 1280, height: 720 },
  { kind: 'audio', codec: 'aac', sampleRate: 44100, channels: 2 },
];

/** What an allowed authorize decision carries for an app with the default policy. */
export const ALLOWED = {
  allow: true,
  lifecycle: {
    maxStreamWaitMs: 15_000,
    noneReaderDelayMs: 20_000,
    continuePushMs: 15_000,
    continueOnCleanStop: false,
  },
} as const;

/** A valid authorize request. */
export function authorizeRequest(over: Partial<AuthorizeRequest> = {}): AuthorizeRequest {
  return {
    vhost: '__defaultVhost__',
    app: 'live',
    stream: 'cam',
    nodeId: 'node-x',
    action: 'publish',
    protocol: 'rtmp',
    sessionId: 's1',
    ip: '127.0.0.1',
    params: {},
    ...over,
  };
}

/** A stream.registered event at `at` (ms since epoch). */
export function registered(nodeId: string, stream: string, at: number, tracks: Track[] = TRACKS): NodeEvent {
  const base = { vhost: '__defaultVhost__', app: 'live', stream, nodeId };
  return { type: 'stream.registered', ...base, tracks, at: new Date(at).toISOString() };
}

/** A stream.unregistered event at `at` (ms since epoch). */
export function unregistered(nodeId: string, stream: string, at: number): NodeEvent {
  return {
    type: 'stream.unregistered',
    vhost: '__defaultVhost__',
    app: 'live',
    stream,
    nodeId,
    at: new Date(at).toISOString(),
  };
}

/** A node registration. */
export function registration(nodeId: string, over: Partial<RegisterNode> = {}): RegisterNode {
  return { nodeId, version: '0.1.0', urls: {}, streams: [], ...over };
}

/** JSON POST init for `app.request` or fetch. */
export function postJson(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

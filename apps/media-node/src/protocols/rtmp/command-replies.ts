import type { Amf0Object } from '../amf/amf0.ts';
import { commandMessage } from './commands.ts';
import type { RtmpMessage } from './message.ts';

/**
 * Status codes used in onStatus / _result / _error info objects. All but Publish.Denied are in
 * Adobe's NetStatusEvent list; for a refused publish that list has nothing, so we send
 * NetStream.Publish.Denied (which librtmp/OBS and FFmpeg treat as a failure, level "error");
 * a refused play uses the documented NetStream.Play.Failed.
 */
export const StatusCode = {
  ConnectSuccess: 'NetConnection.Connect.Success',
  ConnectRejected: 'NetConnection.Connect.Rejected',
  ConnectInvalidApp: 'NetConnection.Connect.InvalidApp',
  PublishStart: 'NetStream.Publish.Start',
  PublishBadName: 'NetStream.Publish.BadName',
  PublishDenied: 'NetStream.Publish.Denied',
  UnpublishSuccess: 'NetStream.Unpublish.Success',
  PlayStart: 'NetStream.Play.Start',
  PlayReset: 'NetStream.Play.Reset',
  PlayStop: 'NetStream.Play.Stop',
  PlayFailed: 'NetStream.Play.Failed',
  PlayStreamNotFound: 'NetStream.Play.StreamNotFound',
  PlayPublishNotify: 'NetStream.Play.PublishNotify',
  PlayUnpublishNotify: 'NetStream.Play.UnpublishNotify',
} as const;

/** Severity of a status info object. */
export type StatusLevel = 'status' | 'warning' | 'error';

/** The info object of onStatus and connect replies. */
export interface StatusInfo {
  readonly level: StatusLevel;
  readonly code: string;
  readonly description: string;
  /** Extra fields, e.g. `details` (the stream name) or `clientid`. */
  readonly [extra: string]: string | number | boolean | undefined;
}

/** Server identity sent in the connect reply's properties object. */
export const SERVER_PROPERTIES = { fmsVer: 'FMS/3,0,1,123', capabilities: 31 } as const;

function infoObject(info: StatusInfo): Amf0Object {
  const out: Amf0Object = {};
  for (const [k, v] of Object.entries(info)) if (v !== undefined) out[k] = v;
  return out;
}

/** `_result` accepting `connect` (§7.2.1.1), echoing the client's objectEncoding. */
export function connectResult(transactionId: number, objectEncoding: 0 | 3): RtmpMessage {
  return commandMessage(0, {
    name: '_result',
    transactionId,
    commandObject: { ...SERVER_PROPERTIES },
    args: [
      {
        level: 'status',
        code: 'NetConnection.Connect.Success',
        description: 'Connection succeeded.',
        objectEncoding,
      },
    ],
  });
}

/** `_error` refusing `connect`, with a code such as NetConnection.Connect.Rejected. */
export function connectError(transactionId: number, code: string, description: string): RtmpMessage {
  return commandMessage(0, {
    name: '_error',
    transactionId,
    commandObject: { ...SERVER_PROPERTIES },
    args: [{ level: 'error', code, description }],
  });
}

/** `_result` for `createStream` carrying the new message stream id (§7.2.1.3). */
export function createStreamResult(transactionId: number, streamId: number): RtmpMessage {
  return commandMessage(0, { name: '_result', transactionId, commandObject: null, args: [streamId] });
}

/** A bare `_result` (for releaseStream, FCPublish, FCUnpublish and other calls we just acknowledge). */
export function emptyResult(transactionId: number): RtmpMessage {
  return commandMessage(0, { name: '_result', transactionId, commandObject: null, args: [] });
}

/** `onStatus` on a message stream (§7.2.2), transaction id 0 and a null command object. */
export function onStatus(streamId: number, info: StatusInfo): RtmpMessage {
  return commandMessage(streamId, {
    name: 'onStatus',
    transactionId: 0,
    commandObject: null,
    args: [infoObject(info)],
  });
}

/** `onFCPublish` notification FMLE-style encoders wait for after FCPublish. */
export function onFcPublish(code: string, description: string): RtmpMessage {
  return commandMessage(0, {
    name: 'onFCPublish',
    transactionId: 0,
    commandObject: null,
    args: [{ code, description }],
  });
}

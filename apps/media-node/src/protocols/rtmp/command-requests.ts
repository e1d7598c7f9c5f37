import type { Amf0Object } from '../amf/amf0.ts';
import { commandMessage } from './commands.ts';
import type { RtmpMessage } from './message.ts';

/** Client identity sent in `connect` when the caller gives none. */
export const CLIENT_FLASH_VER = 'FMLE/3.0 (compatible; Mediaplane)';

/** `connect` (§7.2.1.1) for `app` at `tcUrl`; `extra` adds or overrides command object fields. */
export function connectCommand(
  transactionId: number,
  app: string,
  tcUrl: string,
  extra: Amf0Object = {},
): RtmpMessage {
  return commandMessage(0, {
    name: 'connect',
    transactionId,
    commandObject: {
      app,
      type: 'nonprivate',
      flashVer: CLIENT_FLASH_VER,
      tcUrl,
      fpad: false,
      capabilities: 15,
      audioCodecs: 0x0fff,
      videoCodecs: 0x00ff,
      videoFunction: 1,
      objectEncoding: 0,
      ...extra,
    },
    args: [],
  });
}

/** `createStream` (§7.2.1.3). */
export function createStreamCommand(transactionId: number): RtmpMessage {
  return commandMessage(0, { name: 'createStream', transactionId, commandObject: null, args: [] });
}

/** `deleteStream` (§7.2.2.3) for a message stream. */
export function deleteStreamCommand(streamId: number): RtmpMessage {
  return commandMessage(0, { name: 'deleteStream', transactionId: 0, commandObject: null, args: [streamId] });
}

/** `releaseStream`, sent by FMLE-style publishers before publishing. */
export function releaseStreamCommand(transactionId: number, name: string): RtmpMessage {
  return commandMessage(0, { name: 'releaseStream', transactionId, commandObject: null, args: [name] });
}

/** `FCPublish`, sent by FMLE-style publishers before publishing. */
export function fcPublishCommand(transactionId: number, name: string): RtmpMessage {
  return commandMessage(0, { name: 'FCPublish', transactionId, commandObject: null, args: [name] });
}

/** `FCUnpublish`, sent by FMLE-style publishers when they stop. */
export function fcUnpublishCommand(transactionId: number, name: string): RtmpMessage {
  return commandMessage(0, { name: 'FCUnpublish', transactionId, commandObject: null, args: [name] });
}

/** `play` (§7.2.2.1) on a message stream; start -2 = live, else recorded. */
export function playCommand(streamId: number, name: string, start = -2): RtmpMessage {
  return commandMessage(streamId, {
    name: 'play',
    transactionId: 0,
    commandObject: null,
    args: [name, start],
  });
}

/** `publish` (§7.2.2.6) on a message stream. */
export function publishCommand(streamId: number, name: string, type = 'live'): RtmpMessage {
  return commandMessage(streamId, {
    name: 'publish',
    transactionId: 0,
    commandObject: null,
    args: [name, type],
  });
}

import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../core/errors.ts';
import { encodeAmf0 } from '../amf/amf0.ts';
import {
  connectError,
  connectResult,
  createStreamResult,
  onFcPublish,
  onStatus,
  StatusCode,
} from './command-replies.ts';
import { connectCommand, playCommand, publishCommand } from './command-requests.ts';
import type { RtmpCommand } from './commands.ts';
import { decodeCommand, encodeCommand, parseConnect, parsePlay, parsePublish } from './commands.ts';
import {
  dataMessage,
  decodeData,
  metadataOf,
  onMetaDataMessage,
  sampleAccessMessage,
  setDataFrameMessage,
} from './data-messages.ts';

const cmd = (
  name: string,
  transactionId: number,
  commandObject: RtmpCommand['commandObject'],
  ...args: RtmpCommand['args']
) => ({
  name,
  transactionId,
  commandObject,
  args,
});

describe('command messages (§7.1.1)', () => {
  // Shared by encoder and decoder.
  const table: { name: string; command: RtmpCommand; wire?: string }[] = [
    {
      name: 'createStream _result',
      command: cmd('_result', 2, null, 1),
      wire: '0200075f726573756c74 004000000000000000 05 003ff0000000000000',
    },
    {
      name: 'connect',
      command: cmd('connect', 1, { app: 'live', tcUrl: 'rtmp://h/live', objectEncoding: 0 }),
    },
    { name: 'play with args', command: cmd('play', 0, null, 'x?token=1', -2, -1, false) },
    { name: 'nested values', command: cmd('custom', 5, { a: [1, 'b', { c: null }] }, undefined, true) },
  ];
  for (const row of table) {
    it(`round-trips ${row.name}`, () => {
      const bytes = encodeCommand(row.command);
      if (row.wire) expect(bytes.toString('hex')).toBe(row.wire.replace(/\s+/g, ''));
      expect(decodeCommand(20, bytes)).toEqual(row.command);
      expect(decodeCommand(17, Buffer.concat([Buffer.of(0), bytes]))).toEqual(row.command);
    });
  }

  it('fills a missing command object with null', () => {
    expect(decodeCommand(20, encodeAmf0('deleteStream', 0))).toEqual(cmd('deleteStream', 0, null));
  });

  const bad: { name: string; typeId: number; payload: Buffer; error: RegExp }[] = [
    { name: 'non-string name', typeId: 20, payload: encodeAmf0(1, 2), error: /name is not a string/ },
    { name: 'missing transaction id', typeId: 20, payload: encodeAmf0('connect'), error: /transaction id/ },
    { name: 'AMF3 body', typeId: 17, payload: Buffer.from('1106', 'hex'), error: /AMF3 bodies/ },
    {
      name: 'truncated AMF0',
      typeId: 20,
      payload: Buffer.from('0200ff61', 'hex'),
      error: /RTMP command: AMF0/,
    },
    { name: 'empty', typeId: 20, payload: Buffer.alloc(0), error: /name is not a string/ },
  ];
  for (const row of bad) {
    it(`rejects ${row.name}`, () => {
      expect(() => decodeCommand(row.typeId, row.payload)).toThrow(ProtocolError);
      expect(() => decodeCommand(row.typeId, row.payload)).toThrow(row.error);
    });
  }
});

describe('connect parameters', () => {
  const decodeConnect = (obj: RtmpCommand['commandObject']) =>
    parseConnect(decodeCommand(20, encodeCommand(cmd('connect', 1, obj))));

  it('extracts app, tcUrl, flashVer, objectEncoding', () => {
    const p = decodeConnect({
      app: 'live',
      tcUrl: 'rtmp://example.com:1935/live',
      flashVer: 'FMLE/3.0',
      objectEncoding: 3,
    });
    expect(p).toMatchObject({
      app: 'live',
      tcUrl: 'rtmp://example.com:1935/live',
      flashVer: 'FMLE/3.0',
      objectEncoding: 3,
    });
    expect(decodeConnect({ app: '' })).toMatchObject({ app: '', tcUrl: undefined, objectEncoding: 0 });
  });

  it('builds the connect request the client sends', () => {
    const c = decodeCommand(20, connectCommand(1, 'live', 'rtmp://h/live').payload);
    expect(parseConnect(c)).toMatchObject({ app: 'live', tcUrl: 'rtmp://h/live', objectEncoding: 0 });
  });

  const bad: { obj: RtmpCommand['commandObject']; error: RegExp }[] = [
    { obj: null, error: /command object missing/ },
    { obj: { tcUrl: 'rtmp://h/live' }, error: /app is missing/ },
    { obj: { app: 'live', tcUrl: 'not a url' }, error: /tcUrl "not a url" is not a URL/ },
    { obj: { app: 'live', tcUrl: 5 }, error: /tcUrl is not a string/ },
    { obj: { app: 'live', objectEncoding: 1 }, error: /objectEncoding 1/ },
    { obj: { app: 'live', flashVer: false }, error: /flashVer/ },
  ];
  for (const row of bad) {
    it(`rejects ${JSON.stringify(row.obj)}`, () => {
      expect(() => decodeConnect(row.obj)).toThrow(row.error);
    });
  }

  it('parses play and publish arguments', () => {
    const play = decodeCommand(20, playCommand(1, 'x?t=1').payload);
    expect(parsePlay(play)).toEqual({ name: 'x?t=1', start: -2, duration: -1, reset: true });
    const pub = decodeCommand(20, publishCommand(1, 'x').payload);
    expect(parsePublish(pub)).toEqual({ name: 'x', type: 'live' });
    expect(() => parsePublish(cmd('publish', 0, null))).toThrow(/stream name is not a string/);
  });
});

describe('standard replies', () => {
  it('connect _result carries server properties and Connect.Success', () => {
    const m = connectResult(1, 3);
    expect(m).toMatchObject({ typeId: 20, streamId: 0, csid: 3 });
    expect(decodeCommand(20, m.payload)).toEqual(
      cmd(
        '_result',
        1,
        { fmsVer: 'FMS/3,0,1,123', capabilities: 31 },
        {
          level: 'status',
          code: 'NetConnection.Connect.Success',
          description: 'Connection succeeded.',
          objectEncoding: 3,
        },
      ),
    );
    const e = decodeCommand(20, connectError(1, StatusCode.ConnectRejected, 'no').payload);
    expect(e.name).toBe('_error');
    expect(e.args[0]).toMatchObject({ level: 'error', code: 'NetConnection.Connect.Rejected' });
  });

  it('createStream _result, onStatus, onFCPublish', () => {
    expect(decodeCommand(20, createStreamResult(4, 1).payload)).toEqual(cmd('_result', 4, null, 1));
    const s = onStatus(1, {
      level: 'error',
      code: StatusCode.PlayStreamNotFound,
      description: 'gone',
      details: 'x',
      skip: undefined,
    });
    expect(s).toMatchObject({ streamId: 1, csid: 8 });
    expect(decodeCommand(20, s.payload)).toEqual(
      cmd('onStatus', 0, null, {
        level: 'error',
        code: 'NetStream.Play.StreamNotFound',
        description: 'gone',
        details: 'x',
      }),
    );
    expect(decodeCommand(20, onFcPublish(StatusCode.PublishStart, 'x').payload)).toEqual(
      cmd('onFCPublish', 0, null, { code: 'NetStream.Publish.Start', description: 'x' }),
    );
  });
});

describe('data messages (§7.1.2)', () => {
  const meta = { width: 320, height: 240, videocodecid: 7, encoder: 'Lavf' };

  it('reads metadata from @setDataFrame and onMetaData', () => {
    const pub = setDataFrameMessage(1, meta);
    expect(decodeData(18, pub.payload)).toEqual({ name: '@setDataFrame', values: ['onMetaData', meta] });
    expect(metadataOf(decodeData(18, pub.payload))).toEqual(meta);
    const out = onMetaDataMessage(1, meta);
    expect(out).toMatchObject({ typeId: 18, streamId: 1 });
    expect(metadataOf(decodeData(18, out.payload))).toEqual(meta);
    expect(metadataOf(decodeData(15, Buffer.concat([Buffer.of(0), out.payload])))).toEqual(meta);
  });

  it('leaves other handlers alone and rejects bad metadata', () => {
    expect(metadataOf(decodeData(18, sampleAccessMessage(1).payload))).toBeNull();
    expect(decodeData(18, sampleAccessMessage(1).payload)).toEqual({
      name: '|RtmpSampleAccess',
      values: [true, true],
    });
    expect(() => metadataOf(decodeData(18, dataMessage(1, 0, 'onMetaData', 5).payload))).toThrow(
      /not an object/,
    );
    expect(() => metadataOf(decodeData(18, dataMessage(1, 0, '@setDataFrame', 5).payload))).toThrow(
      ProtocolError,
    );
    expect(() => decodeData(18, encodeAmf0(5))).toThrow(/handler name/);
  });
});

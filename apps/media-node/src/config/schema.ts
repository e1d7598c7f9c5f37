import { z } from 'zod';

const port = z.number().int().min(0).max(65535);
const host = z.string().min(1);
// Bounded to a day like the control API's policy: larger values are a unit mistake.
const millis = z.number().int().min(0).max(86_400_000);

/** Everything a media node can be told; every key is documented in mediaplane.example.yml. */
export const MediaNodeConfig = z.object({
  node: z
    .object({
      id: z.string().min(1).default('node-1'),
      /** Host name clients use to reach this node, reported to the control API. */
      publicHost: host.default('127.0.0.1'),
    })
    .prefault({}),
  rtmp: z
    .object({
      host: host.default('0.0.0.0'),
      port: port.default(1935),
      chunkSize: z.number().int().min(128).max(65536).default(4096),
      maxIncomingChunkSize: z
        .number()
        .int()
        .min(128)
        .max(0x7fffffff)
        .default(1 << 24),
      handshakeTimeoutMs: z.number().int().positive().default(10_000),
      idleTimeoutMs: z.number().int().positive().default(30_000),
    })
    .prefault({}),
  http: z
    .object({
      host: host.default('0.0.0.0'),
      port: port.default(8080),
      cors: z.boolean().default(true),
    })
    .prefault({}),
  control: z
    .object({
      url: z.url().default('http://127.0.0.1:3000'),
      nodeSecret: z.string().min(1).optional(),
      timeoutMs: z.number().int().positive().default(2000),
      /** Not-found and no-viewers reports may wait on a business decision URL (up to 10 s), so they get longer. */
      lifecycleTimeoutMs: z.number().int().positive().max(60_000).default(12_000),
      failPolicy: z.enum(['closed', 'open']).default('closed'),
      heartbeatMs: z.number().int().min(100).max(60_000).default(5000),
    })
    .prefault({}),
  media: z
    .object({
      gopCacheMaxBytes: z
        .number()
        .int()
        .positive()
        .default(16 * 1024 * 1024),
      readerQueueBytes: z
        .number()
        .int()
        .positive()
        .default(2 * 1024 * 1024),
      /** A player whose queue stays over `readerQueueBytes` this long is closed (dead peer); 0 never. */
      readerStallTimeoutMs: z.number().int().min(0).max(3_600_000).default(60_000),
      maxFlushDelayMs: z.number().int().min(0).max(1000).default(50),
      mergeWriteReaders: z.number().int().min(1).default(200),
      mergeWriteMs: z.number().int().min(0).max(500).default(80),
      /** A new stream whose publisher or pull sends no media frame this long is removed; 0 never. */
      firstFrameTimeoutMs: millis.default(10_000),
      // Lifecycle fallbacks, used only when the control API's decision carries none (an older API, or
      // failPolicy open while it is down). The defaults keep that case as it was: no waiting, no holding.
      maxStreamWaitMs: millis.default(0),
      noneReaderDelayMs: millis.default(0),
      continuePushMs: millis.default(0),
      continueOnCleanStop: z.boolean().default(false),
    })
    .prefault({}),
  pull: z
    .object({
      /** Whether pulls may reach private, loopback or link-local addresses (LAN cameras, a local server). */
      allowPrivate: z.boolean().default(false),
    })
    .prefault({}),
  log: z.object({ level: z.enum(['debug', 'info', 'warn', 'error']).default('info') }).prefault({}),
});
/** A parsed, defaulted media node config. */
export type MediaNodeConfig = z.infer<typeof MediaNodeConfig>;

import type { OutputFormat } from '../../core/output-format.ts';
import { configTags, frameTag } from './from-stream.ts';

/** FLV tags for HTTP-FLV and WS-FLV players; one tag Buffer per frame is shared by all of them. */
export const flvOutputFormat: OutputFormat = {
  id: 'flv',
  encodeConfig: configTags,
  encodeFrame: frameTag,
};

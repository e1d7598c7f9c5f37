import { describe, expect, it } from 'vitest';
import { parseRtmpUrl } from './url.ts';

describe('parseRtmpUrl', () => {
  const table: { url: string; want: ReturnType<typeof parseRtmpUrl> }[] = [
    {
      url: 'rtmp://127.0.0.1:19350/live/x?token=a&b=1',
      want: {
        host: '127.0.0.1',
        port: 19350,
        secure: false,
        app: 'live',
        tcUrl: 'rtmp://127.0.0.1:19350/live',
        streamName: 'x?token=a&b=1',
      },
    },
    {
      url: 'rtmp://example.com/live/a/b',
      want: {
        host: 'example.com',
        port: 1935,
        secure: false,
        app: 'live',
        tcUrl: 'rtmp://example.com/live',
        streamName: 'a/b',
      },
    },
    {
      url: 'rtmp://[::1]:2000/app?k=v',
      want: {
        host: '::1',
        port: 2000,
        secure: false,
        app: 'app?k=v',
        tcUrl: 'rtmp://[::1]:2000/app?k=v',
        streamName: '',
      },
    },
    {
      url: 'rtmps://live.example.com/app/key',
      want: {
        host: 'live.example.com',
        port: 443,
        secure: true,
        app: 'app',
        tcUrl: 'rtmps://live.example.com/app',
        streamName: 'key',
      },
    },
  ];
  for (const row of table) {
    it(row.url, () => expect(parseRtmpUrl(row.url)).toEqual(row.want));
  }

  it('rejects other schemes, missing app and non-URLs', () => {
    expect(() => parseRtmpUrl('http://h/live/x')).toThrow(/only rtmp/);
    expect(() => parseRtmpUrl('rtmp://h/')).toThrow(/no app/);
    expect(() => parseRtmpUrl('nope')).toThrow(/not a URL/);
  });
});

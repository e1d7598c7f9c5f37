import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWebhookSignature, signWebhook, verifyWebhook } from '../src/webhooks/signature.ts';

// Vectors computed independently with `printf '%s' "<t>.<body>" | openssl dgst -sha256 -hmac <secret>`.
const VECTORS = [
  {
    secret: 'whsec_test_secret_0123456789',
    body: '{"id":"0b9a4c1e-6f0e-4c8e-9a55-3c1d2b7e8f01","type":"node.online"}',
    t: 1_700_000_000,
    v1: '6176a3425ab61aafde08764e7b1182ef448e6cf051da3dee34a355b84fa4887b',
  },
  { secret: 'k', body: '', t: 0, v1: '6b4a4b8b3c40f1e8f53a3d36682e5f99f7ad2ac1df1c93dfe336f329167641e7' },
  {
    secret: 'sécret',
    body: 'héllo ✓',
    t: 1_767_225_600,
    v1: 'eeabd24248b3173218545e18f14c74b965a3c3766142d774f797b51815c5739b',
  },
];

describe('signWebhook / verifyWebhook', () => {
  it.each(VECTORS)('signs $body at t=$t as the reference HMAC does', async ({ secret, body, t, v1 }) => {
    const header = await signWebhook(secret, body, t);
    expect(header).toBe(`t=${t},v1=${v1}`);
    expect(await verifyWebhook(secret, body, header, 300, t)).toBe(true);
  });

  it('refuses a changed body, another secret, or a changed timestamp', async () => {
    const { secret, body, t } = VECTORS[0]!;
    const header = await signWebhook(secret, body, t);
    expect(await verifyWebhook(secret, `${body} `, header, 300, t)).toBe(false);
    expect(await verifyWebhook(`${secret}x`, body, header, 300, t)).toBe(false);
    const shifted = header.replace(`t=${t}`, `t=${t + 1}`);
    expect(await verifyWebhook(secret, body, shifted, 300, t)).toBe(false);
  });

  it('refuses signatures older or newer than the tolerance, accepts at its edge', async () => {
    const header = await signWebhook('s', 'b', 1000);
    expect(await verifyWebhook('s', 'b', header, 60, 1060)).toBe(true);
    expect(await verifyWebhook('s', 'b', header, 60, 940)).toBe(true);
    expect(await verifyWebhook('s', 'b', header, 60, 1061)).toBe(false);
    expect(await verifyWebhook('s', 'b', header, 60, 939)).toBe(false);
  });

  it('accepts when any of several v1 signatures matches (secret rotation) and ignores unknown schemes', async () => {
    const good = (await signWebhook('new', 'b', 5)).split(',')[1]!;
    const bad = (await signWebhook('old', 'b', 5)).split(',')[1]!;
    expect(await verifyWebhook('new', 'b', `t=5,v0=zz,${bad},${good}`, 10, 5)).toBe(true);
    expect(await verifyWebhook('new', 'b', `t=5,${bad}`, 10, 5)).toBe(false);
  });

  it('checks the current time by default', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await verifyWebhook('s', 'b', await signWebhook('s', 'b', now))).toBe(true);
    expect(await verifyWebhook('s', 'b', await signWebhook('s', 'b', now - 3600))).toBe(false);
  });

  it('rejects a time that is not unix seconds', async () => {
    await expect(signWebhook('s', 'b', -1)).rejects.toThrow(RangeError);
    await expect(signWebhook('s', 'b', 1.5)).rejects.toThrow(RangeError);
  });
});

describe('parseWebhookSignature', () => {
  it.each([
    ['t=1,v1=ab', { t: 1, v1: ['ab'] }],
    [' t=1 , v1=ab , v1=cd', { t: 1, v1: ['ab', 'cd'] }],
    ['v1=ab,t=7,v2=xx', { t: 7, v1: ['ab'] }],
    ['t=1', undefined],
    ['v1=ab', undefined],
    ['t=-1,v1=ab', undefined],
    ['t=1.5,v1=ab', undefined],
    ['t=1,t=2,v1=ab', undefined],
    ['t=1,garbage,v1=ab', undefined],
    ['', undefined],
    ['t=9999999999999,v1=ab', undefined],
  ])('%j', (header, expected) => {
    expect(parseWebhookSignature(header)).toEqual(expected);
  });

  it('never throws, and verify never accepts, on arbitrary headers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 120 }), async (header) => {
        parseWebhookSignature(header);
        expect(await verifyWebhook('secret', 'body', header, 300, 0)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

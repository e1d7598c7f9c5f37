import { describe, expect, it } from 'vitest';
import { refusePrivateTargets } from './target-guard.node.ts';

describe('refusePrivateTargets', () => {
  it.each([
    ['http://127.0.0.1:8080/hook', /loopback/],
    ['http://[::1]/hook', /loopback/],
    ['http://10.0.0.8/hook', /private/],
    ['http://localhost/hook', /local name/],
  ])('refuses %s before any connection', async (url, reason) => {
    await expect(refusePrivateTargets(new URL(url))).rejects.toThrow(reason);
  });

  it('lets public address literals through without a DNS lookup', async () => {
    await expect(refusePrivateTargets(new URL('https://93.184.216.34/hook'))).resolves.toBeUndefined();
    await expect(refusePrivateTargets(new URL('https://[2606:4700::1111]/hook'))).resolves.toBeUndefined();
  });

  it('fails (and so retries later) when the name does not resolve', async () => {
    await expect(refusePrivateTargets(new URL('https://no-such-host.invalid/hook'))).rejects.toThrow();
  });
});

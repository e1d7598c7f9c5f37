import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { hostProblem } from '../net/host-problem.ts';

/**
 * A delivery-time check that a webhook's host name does not resolve to a private, loopback or
 * link-local address. fetch resolves the name again, so a rebinding DNS server can still race it;
 * this stops the plain case of a public-looking name pointing inside.
 */
export async function refusePrivateTargets(url: URL): Promise<void> {
  const host = url.hostname.toLowerCase();
  const literal = hostProblem(host);
  if (literal !== undefined) throw new Error(`refused: host ${literal}`);
  if (host.startsWith('[') || isIP(host) !== 0) return;
  const addresses = await lookup(host, { all: true });
  for (const { address, family } of addresses) {
    const problem = hostProblem(family === 6 ? `[${address}]` : address);
    if (problem !== undefined) throw new Error(`refused: ${host} resolves to ${address}, which ${problem}`);
  }
}

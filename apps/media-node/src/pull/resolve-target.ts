import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { isNonPublicAddress } from './ip-ranges.ts';

/**
 * Resolves `host` (a name or an IP literal, brackets allowed) to every address and returns the first.
 * Unless `allowPrivate`, refuses when any address is not public, so the connect cannot be steered
 * inside; callers connect to the returned address, not the name, so a second lookup cannot differ.
 */
export async function resolvePullTarget(host: string, allowPrivate: boolean): Promise<LookupAddress> {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  const addresses = await lookup(bare, { all: true, order: 'verbatim' });
  const first = addresses[0];
  if (!first) throw new Error(`${bare} has no address`);
  if (!allowPrivate) {
    const blocked = addresses.find((a) => isNonPublicAddress(a.address));
    if (blocked) throw new Error(`refused: ${bare} resolves to non-public address ${blocked.address}`);
  }
  return first;
}

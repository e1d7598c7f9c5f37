import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { hostProblem } from './host-problem.ts';

/** Resolves a host name to all its addresses (dns.lookup by default; tests map names themselves). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

/** The system resolver: every address the name has, in the order the system gives them. */
export const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, order: 'verbatim' });

/** Why an outbound call may not connect to `address` (an IP literal), or undefined when it may. */
export function addressProblem(address: string): string | undefined {
  return hostProblem(address.includes(':') ? `[${address}]` : address);
}

/**
 * A `lookup` for net/tls connects that resolves the name once and, unless `allowPrivate`, refuses it
 * when any address is not public. The socket then connects to exactly the addresses checked here, so
 * a DNS answer that changes between a check and the connect (rebinding) has nothing to race.
 */
export function pinnedLookup(allowPrivate: boolean, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (all) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
        const addresses = wanted === undefined ? all : all.filter((a) => a.family === wanted);
        const first = addresses[0];
        if (first === undefined) return callback(lookupError('ENOTFOUND', `${hostname} has no address`), '');
        if (!allowPrivate) {
          for (const { address } of addresses) {
            const problem = addressProblem(address);
            if (problem !== undefined)
              return callback(
                lookupError(
                  'ETARGETREFUSED',
                  `refused: ${hostname} resolves to ${address}, which ${problem}`,
                ),
                '',
              );
          }
        }
        if (options.all === true) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (err: unknown) =>
        callback(err instanceof Error ? err : lookupError('ENOTFOUND', `cannot resolve ${hostname}`), ''),
    );
  };
}

function lookupError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

import { looksLikeIpv4, parseIpv4, parseIpv6 } from './ip-address.ts';
import { blockedIpv4, blockedIpv6 } from './ip-ranges.ts';

// Names that resolve inside the local network by convention (RFC 6761, RFC 6762, RFC 8375, ICANN .internal).
const LOCAL_SUFFIXES = ['.localhost', '.local', '.internal', '.home.arpa', '.lan'];
const HOSTNAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?$/;

/** Why an outbound call (a pull, a webhook) may not reach a URL host, or undefined when it may. */
export function hostProblem(host: string): string | undefined {
  if (host.startsWith('[')) {
    const groups = host.endsWith(']') ? parseIpv6(host.slice(1, -1)) : undefined;
    if (groups === undefined) return 'is not a valid IPv6 address';
    const why = blockedIpv6(groups);
    return why === undefined ? undefined : `is a ${why} address`;
  }
  // Opaque hosts (rtmp://) keep percent-escapes and odd characters the URL parser would reject elsewhere.
  if (!HOSTNAME.test(host)) return 'is not a valid host name';
  if (looksLikeIpv4(host)) {
    const addr = parseIpv4(host);
    if (addr === undefined) return 'is not a valid IPv4 address';
    const why = blockedIpv4(addr);
    return why === undefined ? undefined : `is a ${why} address`;
  }
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name === 'localhost' || LOCAL_SUFFIXES.some((s) => name.endsWith(s))) return 'is a local name';
  if (!name.includes('.')) return 'is a single-label (local network) name';
  return undefined;
}

import { isIPv4, isIPv6 } from 'node:net';

// [network, prefix length] of IPv4 ranges a pull must not reach by default.
const V4_BLOCKED: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata lives here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

/**
 * True for addresses that are not public unicast: loopback, private, link-local, unspecified, CGNAT,
 * multicast, reserved; IPv6 unique-local, link/site-local, and IPv4 embedded in IPv6 (mapped, compatible,
 * NAT64, 6to4) by the embedded address. Anything that is not an IP literal counts as non-public.
 */
export function isNonPublicAddress(ip: string): boolean {
  const bare = ip.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (isIPv4(bare)) return isNonPublicV4(v4Number(bare));
  if (isIPv6(bare)) return isNonPublicV6(v6Groups(bare));
  return true;
}

function v4Number(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function isNonPublicV4(n: number): boolean {
  return V4_BLOCKED.some(([net, bits]) => {
    const size = 2 ** (32 - bits);
    return Math.floor(n / size) === Math.floor(v4Number(net) / size);
  });
}

/** The eight 16-bit groups of a valid IPv6 literal (a trailing dotted quad becomes two groups). */
function v6Groups(ip: string): number[] {
  let s = ip.toLowerCase();
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    const n = v4Number(last);
    s = `${s.slice(0, lastColon + 1)}${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`;
  }
  const [head = '', tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => Number.parseInt(g, 16));
}

function isNonPublicV6(g: number[]): boolean {
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  const v4At = (i: number) => g[i]! * 65536 + g[i + 1]!;
  if (zeroUpTo(8)) return true; // unspecified
  if (zeroUpTo(7) && g[7] === 1) return true; // loopback
  if (zeroUpTo(5) && g[5] === 0xffff) return isNonPublicV4(v4At(6)); // v4-mapped
  if (zeroUpTo(6)) return isNonPublicV4(v4At(6)); // v4-compatible (deprecated)
  if (g[0] === 0x64 && g[1] === 0xff9b) {
    // NAT64: the well-known prefix embeds a v4 address; 64:ff9b:1::/48 is local use.
    return g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0 ? isNonPublicV4(v4At(6)) : true;
  }
  if (g[0] === 0x2002) return isNonPublicV4(v4At(1)); // 6to4
  if (g[0] === 0x100 && g[1] === 0 && g[2] === 0 && g[3] === 0) return true; // discard-only
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return true; // unique local
  if ((first & 0xffc0) === 0xfe80 || (first & 0xffc0) === 0xfec0) return true; // link-local, site-local
  return (first & 0xff00) === 0xff00; // multicast
}

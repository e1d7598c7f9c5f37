// Address ranges outbound calls (pulls, webhooks) must not reach unless the operator allows private targets:
// otherwise any API-key holder could make nodes or the API connect into the operator's own network (SSRF).
// Sources: RFC 1122 §3.2.1.3, RFC 1918, RFC 3927, RFC 6598, RFC 5735/6890 (IPv4); RFC 4291, RFC 4193, RFC 6052, RFC 3056 (IPv6).

const V4_BLOCKED: ReadonlyArray<readonly [prefix: string, bits: number, why: string]> = [
  ['0.0.0.0', 8, 'this-network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared address space (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

const V4_RANGES = V4_BLOCKED.map(([prefix, bits, why]) => {
  const base = prefix.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  return { base, size: 2 ** (32 - bits), why };
});

/** Why an IPv4 address (as a 32-bit number) is not publicly routable, or undefined when it is. */
export function blockedIpv4(addr: number): string | undefined {
  return V4_RANGES.find((r) => addr >= r.base && addr < r.base + r.size)?.why;
}

/** Why an IPv6 address (8 groups) is not publicly routable, or undefined; embedded IPv4 is checked too. */
export function blockedIpv6(g: readonly number[]): string | undefined {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const v4 = g6 * 65536 + g7;
  const upperZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (upperZero && g5 === 0 && g6 === 0) return g7 === 0 ? 'unspecified' : g7 === 1 ? 'loopback' : 'reserved';
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible) reach the IPv4 address itself.
  if (upperZero && (g5 === 0xffff || g5 === 0)) return blockedIpv4(v4);
  // 64:ff9b::a.b.c.d: NAT64 translates to the IPv4 address.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return blockedIpv4(v4);
  // 2002:AABB:CCDD::/48: 6to4 tunnels to AA.BB.CC.DD.
  if (g0 === 0x2002) return blockedIpv4(g1 * 65536 + g2);
  if ((g0 & 0xfe00) === 0xfc00) return 'unique local (private)';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xffc0) === 0xfec0) return 'site-local';
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  return undefined;
}

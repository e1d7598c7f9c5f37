/**
 * Parses an IPv4 host the way resolvers (inet_aton, WHATWG URL) do: 1 to 4 parts, each decimal,
 * 0x-hex or 0-octal, the last filling the remaining bytes; so `2130706433`, `0x7f.1` and `0177.0.0.1`
 * are all 127.0.0.1. Returns the address as an unsigned 32-bit number, or undefined.
 */
export function parseIpv4(host: string): number | undefined {
  const parts = host.split('.');
  // A single trailing dot is allowed, as resolvers treat `127.0.0.1.` like `127.0.0.1`.
  if (parts.length > 1 && parts.at(-1) === '') parts.pop();
  if (parts.length === 0 || parts.length > 4) return undefined;
  const nums: number[] = [];
  for (const part of parts) {
    const n = parseIpv4Part(part);
    if (n === undefined) return undefined;
    nums.push(n);
  }
  const last = nums.pop()!;
  if (nums.some((n) => n > 255) || last >= 256 ** (4 - nums.length)) return undefined;
  let value = 0;
  for (const [i, n] of nums.entries()) value += n * 256 ** (3 - i);
  return value + last;
}

function parseIpv4Part(part: string): number | undefined {
  let digits = part;
  let radix = 10;
  if (/^0x/i.test(part)) {
    digits = part.slice(2);
    radix = 16;
  } else if (part.length > 1 && part.startsWith('0')) {
    digits = part.slice(1);
    radix = 8;
  }
  if (digits === '') return radix === 16 ? 0 : undefined;
  const valid = radix === 16 ? /^[0-9a-f]+$/i : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!valid.test(digits) || digits.length > 12) return undefined;
  return Number.parseInt(digits, radix);
}

/** True when a host would be read as an IPv4 address (its last label is numeric), valid or not. */
export function looksLikeIpv4(host: string): boolean {
  const labels = host.split('.');
  if (labels.length > 1 && labels.at(-1) === '') labels.pop();
  const last = labels.at(-1) ?? '';
  return /^[0-9]+$/.test(last) || /^0x[0-9a-f]*$/i.test(last);
}

/** Parses an IPv6 address (no brackets, no zone) into 8 groups, or undefined; accepts `::` and a dotted IPv4 tail. */
export function parseIpv6(text: string): number[] | undefined {
  let head = text;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(text.slice(lastColon + 1))
      ? parseIpv4(text.slice(lastColon + 1))
      : undefined;
    if (v4 === undefined) return undefined;
    tail = [v4 >>> 16, v4 & 0xffff];
    head = text.slice(0, lastColon + 1);
    // `::1.2.3.4` leaves `::`; `a::1.2.3.4` leaves `a::`; `a:b:...:1.2.3.4` leaves a trailing `:` to drop.
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
      out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  if (left === undefined || right === undefined) return undefined;
  const given = left.length + right.length + tail.length;
  if (halves.length === 2) {
    if (given > 7) return undefined;
    return [...left, ...new Array<number>(8 - given).fill(0), ...right, ...tail];
  }
  return given === 8 ? [...left, ...tail] : undefined;
}

// Where a webhook may be sent: only to an address that is public, after normalising every way an
// address can be written (IPv4 in IPv6, NAT64, 6to4) to the IPv4 address it really reaches. The same
// check runs on literal hosts at registration and, through pinnedLookup, on every address a name
// resolves to at the moment of connecting, so the request goes exactly where the check looked.
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';

export type Lookup = (hostname: string, options: { all: true; verbatim: true }) => Promise<Array<{ address: string; family: number }>>;

export const systemLookup: Lookup = (hostname, options) => dnsLookup(hostname, options);

type Range = readonly [base: number, bits: number];
const v4 = (a: number, b: number, c: number, d: number) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;

// IPv4 ranges that never hold a public receiver (IANA special-purpose registry).
const V4_REFUSED: readonly Range[] = [
  [v4(0, 0, 0, 0), 8], // "this network"
  [v4(10, 0, 0, 0), 8], // private
  [v4(100, 64, 0, 0), 10], // shared address space (carrier-grade NAT)
  [v4(127, 0, 0, 0), 8], // loopback
  [v4(169, 254, 0, 0), 16], // link-local, cloud metadata
  [v4(172, 16, 0, 0), 12], // private
  [v4(192, 0, 0, 0), 24], // IETF protocol assignments
  [v4(192, 0, 2, 0), 24], // documentation
  [v4(192, 88, 99, 0), 24], // 6to4 relay anycast
  [v4(192, 168, 0, 0), 16], // private
  [v4(198, 18, 0, 0), 15], // benchmarking
  [v4(198, 51, 100, 0), 24], // documentation
  [v4(203, 0, 113, 0), 24], // documentation
  [v4(224, 0, 0, 0), 4], // multicast
  [v4(240, 0, 0, 0), 4], // reserved, and the broadcast address
];

const inRange = (n: number, [base, bits]: Range) => bits === 0 || (n >>> (32 - bits)) === (base >>> (32 - bits));

function parseV4(s: string): number | null {
  if (isIP(s) !== 4) return null;
  const [a, b, c, d] = s.split('.').map(Number);
  return v4(a, b, c, d);
}

/** Eight 16-bit groups; null for anything node does not accept as IPv6, and for zone ids (fe80::1%eth0). */
function parseV6(s: string): number[] | null {
  if (isIP(s) !== 6 || s.includes('%')) return null;
  let text = s.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const n = parseV4(dotted[1]);
    if (n === null) return null;
    text = text.slice(0, -dotted[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const groups = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const h = groups(head);
  if (tail === undefined) return h;
  const t = groups(tail);
  return [...h, ...Array<number>(8 - h.length - t.length).fill(0), ...t];
}

const v4From = (hi: number, lo: number) => ((hi << 16) | lo) >>> 0;

function refusedV4(n: number): boolean {
  return V4_REFUSED.some((r) => inRange(n, r));
}

function refusedV6(g: number[]): boolean {
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  // ::/8 holds the unspecified and loopback addresses and IPv4 written as IPv6: mapped (::ffff:a.b.c.d)
  // reaches the embedded IPv4 address, so that is what is judged. The rest of ::/8 (IPv4-compatible
  // ::a.b.c.d, deprecated and routed by tunnels if at all; IPv4-translated ::ffff:0:a.b.c.d) is refused below.
  if (g[0] === 0 && zeros(1, 5) && g[5] === 0xffff) return refusedV4(v4From(g[6], g[7]));
  // NAT64 with the well-known prefix 64:ff9b::/96 reaches the embedded IPv4 address; the local-use
  // prefix 64:ff9b:1::/48 translates inside someone's own network, so it is never public.
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return refusedV4(v4From(g[6], g[7]));
  // 6to4 (2002::/16) reaches the IPv4 address in its second and third groups.
  if (g[0] === 0x2002) return refusedV4(v4From(g[1], g[2]));
  // Otherwise only global unicast (2000::/3) is public: this refuses ::/8's rest, 64:ff9b:1::/48,
  // 100::/64 (discard), unique-local fc00::/7, link-local fe80::/10, site-local fec0::/10 and multicast ff00::/8.
  if ((g[0] & 0xe000) !== 0x2000) return true;
  // Within it: IETF protocol assignments 2001::/23 (Teredo 2001::/32, which tunnels to addresses we
  // cannot judge, benchmarking, ORCHID), documentation 2001:db8::/32 and 3fff::/20.
  if (g[0] === 0x2001 && g[1] < 0x200) return true;
  if (g[0] === 0x2001 && g[1] === 0xdb8) return true;
  if ((g[0] & 0xfff0) === 0x3ff0) return true;
  return false;
}

/** True when an address (IPv4 or IPv6, brackets allowed) is not a public one, or is no address at all. */
export function refusedAddress(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '');
  const n = parseV4(a);
  if (n !== null) return refusedV4(n);
  const g = parseV6(a);
  return g === null || refusedV6(g);
}

/** Names that mean this machine whatever DNS says (RFC 6761), with or without the root dot. */
export function localName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost');
}

/**
 * A URL host (as URL.hostname gives it) that is refused before any lookup: an address literal that is
 * not public, or a local name. Other names are judged by what they resolve to, when connecting.
 */
export function refusedHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  if (isIP(h)) return refusedAddress(h);
  return localName(h);
}

export class RefusedDestination extends Error {
  readonly code = 'EREFUSEDDESTINATION';
  constructor() {
    super('destination is not a public address');
  }
}

type NodeLookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request: resolves the name once, refuses it when any address is not public
 * (a name with one inside answer is not trusted for its others), and hands the connection exactly
 * the addresses it checked. Since the socket connects to what this returns, a name that answers
 * differently a moment later changes nothing (DNS rebinding). Literal addresses never reach a lookup:
 * they are checked with refusedHost before the request.
 */
export function pinnedLookup(lookup: Lookup, check: boolean) {
  return (hostname: string, options: { family?: number | string; all?: boolean }, callback: NodeLookupCallback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family ?? 0);
    (async () => {
      if (check && localName(hostname)) throw new RefusedDestination();
      const found = await lookup(hostname, { all: true, verbatim: true });
      if (check && (!found.length || found.some((a) => refusedAddress(a.address)))) throw new RefusedDestination();
      const usable = found.filter((a) => !family || a.family === family);
      if (!usable.length) throw Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' });
      return usable;
    })().then(
      (usable) => (options.all ? callback(null, usable as LookupAddress[]) : callback(null, usable[0].address, usable[0].family)),
      (err: NodeJS.ErrnoException) => callback(err, options.all ? [] : ''),
    );
  };
}

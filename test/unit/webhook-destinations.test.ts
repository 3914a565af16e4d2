// Webhooks never go inside: every spelling of an address is judged by what it reaches, and a name is
// judged by the very answers the connection then uses.
import { describe, expect, it } from 'vitest';
import { localName, pinnedLookup, refusedAddress, refusedHost, type Lookup } from '../../server/integration/destinations.js';

const fakeDns = (table: Record<string, string[]>): Lookup => async (hostname) => {
  const found = table[hostname];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

/** Calls a node-style lookup as net.connect does, with or without `all`. */
const resolveWith = (lookup: ReturnType<typeof pinnedLookup>, host: string, all: boolean) =>
  new Promise<unknown>((resolve, reject) => lookup(host, { all }, (err, address, family) => (err ? reject(err) : resolve(all ? address : [address, family]))));

describe('addresses', () => {
  it.each([
    ['10.1.2.3', true], ['172.20.0.1', true], ['192.168.1.1', true], ['127.0.0.1', true], ['127.255.255.254', true], ['169.254.169.254', true],
    ['100.64.0.1', true], ['100.127.255.255', true], ['0.0.0.0', true], ['192.0.2.1', true], ['198.51.100.7', true], ['203.0.113.1', true],
    ['198.18.0.1', true], ['224.0.0.251', true], ['240.0.0.1', true], ['255.255.255.255', true],
    ['::1', true], ['::', true], ['fd00::1', true], ['fc00::1', true], ['fe80::1', true], ['febf::1', true], ['fec0::1', true], ['feff::1', true],
    ['ff02::1', true], ['2001:db8::1', true], ['2001::1', true], ['2001:2::1', true], ['3fff::1', true], ['100::1', true],
    ['::ffff:10.0.0.1', true], ['::ffff:7f00:1', true], ['::FFFF:A9FE:A9FE', true], ['::127.0.0.1', true], ['::8.8.8.8', true],
    ['64:ff9b::10.0.0.1', true], ['64:ff9b::c0a8:1', true], ['64:ff9b:1::8.8.8.8', true], ['2002:c0a8:101::1', true], ['2002:7f00:1::', true],
    ['[::1]', true], ['fe80::1%eth0', true], ['not an address', true], ['', true],
    ['93.184.216.34', false], ['172.32.0.1', false], ['100.128.0.1', false], ['198.20.0.1', false], ['223.255.255.254', false],
    ['2606:4700::1111', false], ['2a00:1450:4001:81b::200e', false], ['::ffff:8.8.8.8', false], ['64:ff9b::808:808', false], ['2002:808:808::1', false],
    ['[2606:4700::1111]', false],
  ])('%s is refused: %s', (address, expected) => {
    expect(refusedAddress(address)).toBe(expected);
  });

  it('refuses local names and literal hosts that are not public, and leaves other names to the lookup', () => {
    for (const h of ['localhost', 'LOCALHOST', 'localhost.', 'api.localhost', 'a.b.localhost.', '[::ffff:7f00:1]', '127.0.0.1']) expect(refusedHost(h), h).toBe(true);
    for (const h of ['hooks.example.org', 'localhost.example.org', '[2606:4700::1111]', '8.8.8.8']) expect(refusedHost(h), h).toBe(false);
    expect(localName('mylocalhost')).toBe(false);
  });
});

describe('the pinned lookup', () => {
  it('hands the connection the answers it checked, in both calling styles, for the requested family', async () => {
    const lookup = pinnedLookup(fakeDns({ 'hooks.example.org': ['93.184.216.34', '2606:4700::1111'] }), true);
    expect(await resolveWith(lookup, 'hooks.example.org', true)).toEqual([{ address: '93.184.216.34', family: 4 }, { address: '2606:4700::1111', family: 6 }]);
    expect(await resolveWith(lookup, 'hooks.example.org', false)).toEqual(['93.184.216.34', 4]);
    const v6 = await new Promise((resolve) => lookup('hooks.example.org', { family: 6 }, (_e, a) => resolve(a)));
    expect(v6).toBe('2606:4700::1111');
  });

  it('refuses a name when any answer is inside, however it is written, and checks again on every connection', async () => {
    const dns = fakeDns({ 'sneaky.example.org': ['93.184.216.34', '10.0.0.7'], 'mapped.example.org': ['::ffff:7f00:1'], 'nat64.example.org': ['64:ff9b::a9fe:a9fe'] });
    for (const host of ['sneaky.example.org', 'mapped.example.org', 'nat64.example.org', 'localhost']) {
      await expect(resolveWith(pinnedLookup(dns, true), host, true), host).rejects.toMatchObject({ code: 'EREFUSEDDESTINATION' });
    }
    // Rebinding: a name that answers public, then loopback. Each connection gets the answer checked for it.
    let calls = 0;
    const rebinding: Lookup = async () => [{ address: calls++ === 0 ? '93.184.216.34' : '127.0.0.1', family: 4 }];
    const lookup = pinnedLookup(rebinding, true);
    expect(await resolveWith(lookup, 'rebind.example.org', true)).toEqual([{ address: '93.184.216.34', family: 4 }]);
    await expect(resolveWith(lookup, 'rebind.example.org', true)).rejects.toMatchObject({ code: 'EREFUSEDDESTINATION' });
    await expect(resolveWith(pinnedLookup(dns, true), 'nowhere.example.org', true)).rejects.toMatchObject({ code: 'ENOTFOUND' });
    // Development (WEBHOOK_ALLOW_INSECURE): no check, but still the one lookup.
    expect(await resolveWith(pinnedLookup(dns, false), 'mapped.example.org', false)).toEqual(['::ffff:7f00:1', 6]);
  });
});

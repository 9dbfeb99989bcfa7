import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryDb, type Db } from '../../db/client.ts';
import { useDb } from '../../src/lib/db.ts';
import { rateLimits } from '../../db/schema.ts';
import { setClock } from '../../src/lib/clock.ts';
import { MAX_ROWS, pruneRateLimits, TokenBucket } from '../../src/lib/auth/rate-limit.ts';
import { addressFromChain, clientAddress, PEER_ADDRESS_HEADER } from '../../src/lib/http/client-address.ts';
import { config } from '../../src/lib/config.ts';

let db: Db;
let t: number;
beforeEach(() => {
  db = memoryDb();
  useDb(db);
  t = 1_000_000;
  setClock(() => new Date(t));
});
afterEach(() => {
  setClock(null);
  useDb(null);
});

const rows = () => db.select().from(rateLimits).all().length;

describe('TokenBucket', () => {
  it('refuses once the bucket is empty and refills over time', () => {
    const bucket = new TokenBucket('test', 3, 10_000);
    expect([bucket.consume('a'), bucket.consume('a'), bucket.consume('a'), bucket.consume('a')]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(bucket.consume('b')).toBe(true);
    t += 10_000;
    expect(bucket.has('a')).toBe(true);
    expect(bucket.consume('a')).toBe(true);
    expect(bucket.consume('a')).toBe(false);
  });

  it('is kept in SQLite: a restart (a new limiter on the same database) still refuses', () => {
    const before = new TokenBucket('restart', 2, 60_000);
    before.consume('k');
    before.consume('k');
    const after = new TokenBucket('restart', 2, 60_000);
    expect(after.consume('k')).toBe(false);
    expect(new TokenBucket('other-scope', 2, 60_000).consume('k')).toBe(true);
  });

  it('stores keys as fixed-size hashes, so a 16 KB forged key costs no more than a short one', () => {
    new TokenBucket('size', 5, 1_000).consume('x'.repeat(16_384));
    const row = db.select().from(rateLimits).get()!;
    expect(row.keyHash).toMatch(/^[0-9a-f]{32}$/);
  });

  it('prunes buckets that are full again, which changes nothing, and caps the table', () => {
    const bucket = new TokenBucket('prune', 2, 1_000);
    for (let i = 0; i < 100; i += 1) bucket.consume(`address-${i}`);
    bucket.consume('busy');
    bucket.consume('busy');
    expect(rows()).toBe(101);
    t += 1_000;
    pruneRateLimits(db, t);
    expect(rows()).toBe(1);
    expect(bucket.consume('busy')).toBe(true);
    expect(bucket.consume('busy')).toBe(false);
    expect(bucket.consume('address-1')).toBe(true);
  });

  it('never keeps more than MAX_ROWS buckets', () => {
    const insert = db.$client.prepare(
      'insert into rate_limits (scope, key_hash, tokens, refilled_at, full_at) values (?, ?, 0, ?, ?)',
    );
    db.$client.transaction(() => {
      for (let i = 0; i < MAX_ROWS + 500; i += 1) insert.run('flood', `k${i}`, t, t + 60_000 + i);
    })();
    pruneRateLimits(db, t);
    expect(rows()).toBe(MAX_ROWS);
  });
});

describe('client address', () => {
  const trusted = config.trustProxy;
  afterEach(() => {
    config.trustProxy = trusted;
  });

  function request(headers: Record<string, string>): Request {
    return new Request('http://portal.test/login', { headers });
  }

  it('without TRUST_PROXY, is the socket address whatever X-Forwarded-For says', () => {
    config.trustProxy = null;
    const forged = request({ [PEER_ADDRESS_HEADER]: '198.51.100.7', 'X-Forwarded-For': '203.0.113.99' });
    expect(clientAddress(forged, '203.0.113.99')).toBe('198.51.100.7');
    expect(addressFromChain('::ffff:198.51.100.7', '1.2.3.4', null)).toBe('198.51.100.7');
  });

  it('behind one proxy, is the right-most address the proxy appended, never the client-chosen left-most', () => {
    const trust = { hops: 1 };
    expect(addressFromChain('10.0.0.2', '203.0.113.5', trust)).toBe('203.0.113.5');
    expect(addressFromChain('10.0.0.2', 'forged-1, 6.6.6.6, 203.0.113.5', trust)).toBe('203.0.113.5');
    expect(addressFromChain('10.0.0.2', null, trust)).toBe('10.0.0.2');
    config.trustProxy = trust;
    const req = request({ [PEER_ADDRESS_HEADER]: '10.0.0.2', 'X-Forwarded-For': '1.1.1.1, 203.0.113.5' });
    expect(clientAddress(req, '1.1.1.1')).toBe('203.0.113.5');
  });

  it('behind two proxies, skips the second proxy', () => {
    expect(addressFromChain('10.0.0.3', 'forged, 203.0.113.5, 10.0.0.2', { hops: 2 })).toBe('203.0.113.5');
  });

  it('with trusted proxy addresses, is the right-most address that is not a trusted proxy', () => {
    const trust = { addresses: ['10.0.0.2', '10.0.0.3'] };
    expect(addressFromChain('10.0.0.3', 'forged, 203.0.113.5, 10.0.0.2', trust)).toBe('203.0.113.5');
    expect(addressFromChain('::ffff:10.0.0.2', '203.0.113.5', trust)).toBe('203.0.113.5');
    // A client that reaches the server directly, not through the proxy, is judged by its socket.
    expect(addressFromChain('198.51.100.7', '203.0.113.5', trust)).toBe('198.51.100.7');
  });
});

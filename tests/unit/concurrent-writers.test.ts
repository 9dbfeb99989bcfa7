import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, openDatabase, type Db } from '../../db/client.ts';

/**
 * The portal's server, its CLI commands and worker threads each hold a connection to one file. A request's
 * transaction that reads and then writes (a sign-in throttle, a course step) must not fail because another
 * connection committed in between: that failure was a 500 on sign-in.
 */
describe('transactions when another connection writes', () => {
  const open: Db[] = [];
  afterEach(() => {
    for (const db of open.splice(0)) db.$client.close();
  });

  function twoConnections(): [Db, Db] {
    const path = join(mkdtempSync(join(tmpdir(), 'portal-writers-')), 'portal.db');
    const server = openDatabase(path);
    applyMigrations(server);
    const other = openDatabase(path);
    // The other connection gives up at once instead of waiting: this test runs both on one thread.
    other.$client.pragma('busy_timeout = 0');
    open.push(server, other);
    return [server, other];
  }

  const bucketCount = (db: Db) => db.$client.prepare('select count(*) from rate_limits').pluck().get();
  const addBucket = (db: Db, key: string) =>
    db.$client
      .prepare("insert into rate_limits (scope, key_hash, tokens, refilled_at, full_at) values ('test', ?, 1, 0, 0)")
      .run(key);

  it('a read-then-write transaction commits: the other writer waits for it instead', () => {
    const [server, other] = twoConnections();
    let otherError: unknown;
    server.transaction(() => {
      bucketCount(server);
      try {
        addBucket(other, 'other');
      } catch (error) {
        otherError = error;
      }
      addBucket(server, 'server');
    });
    expect((otherError as { code?: string } | undefined)?.code).toBe('SQLITE_BUSY');
    expect(bucketCount(other)).toBe(1);
    addBucket(other, 'other');
    expect(bucketCount(server)).toBe(2);
  });

  it('begun deferred, the same transaction is refused when the other connection commits first', () => {
    const [server, other] = twoConnections();
    expect(() =>
      server.transaction(
        () => {
          bucketCount(server);
          addBucket(other, 'other');
          addBucket(server, 'server');
        },
        { behavior: 'deferred' },
      ),
    ).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY_SNAPSHOT' }));
  });
});

/**
 * Token buckets kept in SQLite (table `rate_limits`), used for sign-in, registration, password reset,
 * password change and certificate look-ups. In the database a restart resets nothing, and the table stays
 * small: keys are stored as fixed-size hashes, a bucket that has filled up again is the same as no row and is
 * pruned, and the table never holds more than `MAX_ROWS` rows however many addresses an attacker uses.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, count, eq, lte, sql } from 'drizzle-orm';
import { type Executor } from '../../../db/client.ts';
import { getDb } from '../db.ts';
import { rateLimits } from '../../../db/schema.ts';
import { now } from '../clock.ts';
import { config } from '../config.ts';
import { preparedOnce } from '../prepared.ts';

/** The most rows the table keeps; past this the buckets nearest to full are forgotten first. */
export const MAX_ROWS = 50_000;
/** How often full buckets are swept out. */
const PRUNE_EVERY_MS = 60_000;
let lastPruneAt = 0;

function keyHash(key: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(key))).slice(0, 32);
}

/** Prepared once: sign-in, verify and every limited form read and write a bucket on each request. */
const bucketRow = preparedOnce((db: Executor) =>
  db
    .select({ tokens: rateLimits.tokens, refilledAt: rateLimits.refilledAt })
    .from(rateLimits)
    .where(and(eq(rateLimits.scope, sql.placeholder('scope')), eq(rateLimits.keyHash, sql.placeholder('hash'))))
    .prepare(),
);

const saveBucket = preparedOnce((db: Executor) =>
  db
    .insert(rateLimits)
    .values({
      scope: sql.placeholder('scope'),
      keyHash: sql.placeholder('hash'),
      tokens: sql.placeholder('tokens'),
      refilledAt: sql.placeholder('refilledAt'),
      fullAt: sql.placeholder('fullAt'),
    })
    .onConflictDoUpdate({
      target: [rateLimits.scope, rateLimits.keyHash],
      set: { tokens: sql`excluded.tokens`, refilledAt: sql`excluded.refilled_at`, fullAt: sql`excluded.full_at` },
    })
    .prepare(),
);

/** A bucket of `max` tokens per key in `scope`, refilled at one token every `refillMs`. */
export class TokenBucket {
  readonly max: number;
  readonly refillMs: number;

  /** Benchmarks raise every limit through RATE_LIMIT_MULTIPLIER (1 in production). */
  constructor(
    readonly scope: string,
    max: number,
    refillMs: number,
  ) {
    this.max = max * config.rateLimitMultiplier;
    this.refillMs = refillMs / config.rateLimitMultiplier;
  }

  /** The bucket for `key` as it stands now, after refilling. */
  private read(db: Executor, hash: string, at: number): { tokens: number; refilledAt: number } {
    const row = bucketRow(db).get({ scope: this.scope, hash });
    if (!row) return { tokens: this.max, refilledAt: at };
    const refill = Math.floor((at - row.refilledAt) / this.refillMs);
    if (refill <= 0) return row;
    const tokens = Math.min(this.max, row.tokens + refill);
    return { tokens, refilledAt: tokens === this.max ? at : row.refilledAt + refill * this.refillMs };
  }

  /** Whether `key` has at least `cost` tokens, taking none. */
  has(key: string, cost = 1, db: Executor = getDb()): boolean {
    return this.read(db, keyHash(key), now().getTime()).tokens >= cost;
  }

  /** Takes `cost` tokens for `key`; false (and nothing taken) when there are not enough. */
  consume(key: string, cost = 1, db: Executor = getDb()): boolean {
    const at = now().getTime();
    const hash = keyHash(key);
    // The statements are prepared on `db`, the connection the transaction runs on, so they run inside it.
    const taken = db.transaction(() => {
      const bucket = this.read(db, hash, at);
      if (bucket.tokens < cost) return false;
      const tokens = bucket.tokens - cost;
      const fullAt = bucket.refilledAt + (this.max - tokens) * this.refillMs;
      saveBucket(db).run({ scope: this.scope, hash, tokens, refilledAt: bucket.refilledAt, fullAt });
      return true;
    });
    if (at - lastPruneAt >= PRUNE_EVERY_MS) pruneRateLimits(db, at);
    return taken;
  }

  /** Forgets a key, e.g. after a successful sign-in. */
  reset(key: string, db: Executor = getDb()): void {
    db.delete(rateLimits)
      .where(and(eq(rateLimits.scope, this.scope), eq(rateLimits.keyHash, keyHash(key))))
      .run();
  }
}

/**
 * Deletes buckets that are full again (no row means a full bucket, so nothing changes), then, if the table is
 * still over `MAX_ROWS`, the buckets nearest to full.
 */
export function pruneRateLimits(db: Executor = getDb(), at: number = now().getTime()): void {
  lastPruneAt = at;
  db.delete(rateLimits).where(lte(rateLimits.fullAt, at)).run();
  const rows = db.select({ n: count() }).from(rateLimits).get()?.n ?? 0;
  if (rows <= MAX_ROWS) return;
  db.run(
    sql`delete from rate_limits where rowid in (select rowid from rate_limits order by full_at limit ${rows - MAX_ROWS})`,
  );
}

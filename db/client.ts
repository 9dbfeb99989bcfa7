/**
 * The database connection and migrate-on-start. One connection per process:
 * better-sqlite3 is synchronous, and SQLite in WAL mode lets readers carry on
 * while the single writer commits.
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** A transaction handle, as passed to the callback of `db.transaction()`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the connection or a transaction: functions that must join a caller's transaction take this. */
export type Executor = Db | Tx;

/** Where the committed SQL migrations live, whichever directory the process started in. */
export function migrationsFolder(): string {
  const fromEnv = process.env.MIGRATIONS_DIR;
  if (fromEnv) return resolve(fromEnv);
  return resolve(process.cwd(), 'db/migrations');
}

/** Opens (creating if needed) a database file with the pragmas the portal relies on. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Every write that fires a trigger (the training-facts triggers) opens a statement journal; on a
  // temporary file that cost about 20 µs per row, tripling a 100,000-row register import. In memory
  // it is cheap, and the journal and temporary sort tables stay small.
  sqlite.pragma('temp_store = MEMORY');
  return drizzle(sqlite, { schema }) as Db;
}

/** Applies every migration not yet applied. Safe to run at each start. */
export function applyMigrations(db: Db): void {
  migrate(db, { migrationsFolder: migrationsFolder() });
}

/** A migrated in-memory database for unit tests. */
export function memoryDb(): Db {
  const db = openDatabase(':memory:');
  applyMigrations(db);
  return db;
}

/**
 * The database connection and migrate-on-start. One connection per process:
 * better-sqlite3 is synchronous, and SQLite in WAL mode lets readers carry on
 * while the single writer commits.
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** A transaction handle, as passed to the callback of `db.transaction()`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the connection or a transaction: functions that must join a caller's transaction take this. */
export type Executor = Db | Tx;

/**
 * The committed SQL migrations: `migrations/` beside this file, or, when this module has been bundled elsewhere in
 * the project (the compiled server in `dist/cli/`, the crash test's writer), the first `db/migrations` found going
 * up from the bundle. Neither the directory the process started in nor the environment can point a start at
 * other SQL.
 */
function migrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    for (const folder of [join(dir, 'migrations'), join(dir, 'db', 'migrations')])
      if (existsSync(join(folder, 'meta', '_journal.json'))) return folder;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No db/migrations above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** Owner read and write only: the database holds drivers' personal data (review F-11). */
const PRIVATE_FILE = 0o600;

/** Creates `path` empty with mode 0600 unless it exists, and makes sure an existing one is 0600 too. */
function makePrivateFile(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE));
  chmodSync(path, PRIVATE_FILE);
}

/** How many distinct SQL texts keep their prepared statement; the portal's queries are a few hundred at most. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The connection as drizzle sees it: `prepare` hands back the statement it made before for the same SQL.
 * Drizzle asks SQLite to compile every query's SQL on every call, and under load that compiling was the
 * largest single cost of a signed-in page (docs/benchmarks/signed-in-pages.md). A statement still being
 * iterated is busy, so the same SQL then gets a new one; drizzle switches a statement to arrays (`raw`)
 * when it wants them and otherwise expects objects, so a reused statement is switched back first.
 */
function withStatementCache(sqlite: Database.Database): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const client = Object.create(sqlite) as Database.Database;
  client.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached && !cached.busy) {
      if (cached.reader) cached.raw(false);
      return cached;
    }
    const statement = sqlite.prepare(source);
    if (!cached && cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(source, statement);
    return statement;
  }) as Database.Database['prepare'];
  return client;
}

/**
 * Opens (creating if needed) a database file with the pragmas the portal relies on. The file, its new
 * folder and the WAL and shared-memory files beside it are readable by the owner only; SQLite creates
 * the WAL and SHM files with the database file's mode, and the chmod covers files left by older versions.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') {
    mkdirSync(dirname(resolve(path)), { recursive: true, mode: 0o700 });
    makePrivateFile(path);
  }
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  if (path !== ':memory:') {
    for (const side of [`${path}-wal`, `${path}-shm`]) if (existsSync(side)) chmodSync(side, PRIVATE_FILE);
  }
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // A register import applied by the import worker or the CLI holds the write lock for its one transaction,
  // seconds for a large file. A write here then waits for it, as every request did when imports ran on the
  // server's thread, rather than failing after a shorter wait with a 500.
  sqlite.pragma('busy_timeout = 30000');
  // Every write that fires a trigger (the training-facts triggers) opens a statement journal; on a
  // temporary file that cost about 20 µs per row, tripling a 100,000-row register import. In memory
  // it is cheap, and the journal and temporary sort tables stay small.
  sqlite.pragma('temp_store = MEMORY');
  const db = drizzle(withStatementCache(sqlite), { schema }) as Db;
  // Code that prepares its own statements (imports, exports, the reminder worker) gets the plain connection.
  db.$client = sqlite;
  return writesFirst(db);
}

/**
 * Makes every transaction on `db` take the write lock when it begins (BEGIN IMMEDIATE) unless the caller asks
 * otherwise. Most transactions here read, then write. Begun deferred, such a transaction holds a read snapshot;
 * if another connection (the CLI, a worker thread, a second process) commits before its first write, SQLite
 * refuses the upgrade at once with SQLITE_BUSY_SNAPSHOT, without waiting for `busy_timeout`, and the visitor gets
 * a 500. Begun immediate, it waits its turn for up to `busy_timeout` instead.
 */
function writesFirst(db: Db): Db {
  const begin = db.transaction.bind(db);
  db.transaction = ((run, config) => begin(run, { behavior: 'immediate', ...config })) as Db['transaction'];
  return db;
}

/** Writes an online, consistent copy of `db` to the new file `target`, readable by the owner only. */
export async function backupDatabase(
  db: Db,
  target: string,
  progress?: (copied: number, total: number) => void,
): Promise<void> {
  closeSync(openSync(target, 'wx', PRIVATE_FILE));
  await db.$client.backup(target, {
    progress: ({ totalPages, remainingPages }) => {
      progress?.(totalPages - remainingPages, totalPages);
      return 200;
    },
  });
  chmodSync(target, PRIVATE_FILE);
}

/**
 * A second, read-only connection to the same file, for a long read (a streamed export) that must not
 * hold the shared connection: in WAL mode it reads one consistent snapshot while others write.
 * Null for an in-memory database, which no second connection can see.
 */
export function openReader(db: Db): Db | null {
  const path = db.$client.name;
  if (path === ':memory:' || db.$client.memory) return null;
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
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

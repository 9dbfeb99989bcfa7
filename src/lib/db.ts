/**
 * The process-wide database connection. It lives here, not in `db/`, so that `db/` needs nothing from
 * `src`: the path comes from the configuration.
 */
import { openDatabase, type Db } from '../../db/client.ts';
import { databasePath } from './config.ts';

let shared: Db | null = null;

/** The process-wide connection to `DATABASE_PATH` (default `data/portal.db`), opened on first use. */
export function getDb(): Db {
  if (!shared) shared = openDatabase(databasePath());
  return shared;
}

/** Replaces the process-wide connection (tests use an in-memory database). */
export function useDb(db: Db | null): void {
  shared = db;
}

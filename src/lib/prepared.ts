/**
 * Statements prepared once per database connection. Drizzle otherwise builds the SQL and asks SQLite
 * to prepare it on every call, which on the hottest paths (the session look-up runs for every
 * signed-in request) cost more than running the query.
 */
import { type Db } from '../../db/client.ts';
import { getDb } from './db.ts';

/** Returns a getter for the statement `build` makes, built once for each connection it is asked for. */
export function preparedOnce<T>(build: (db: Db) => T): (db?: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db = getDb()) => {
    let statement = built.get(db);
    if (statement === undefined) {
      statement = build(db);
      built.set(db, statement);
    }
    return statement;
  };
}

/**
 * Statements prepared once per database connection. Drizzle otherwise builds the SQL and asks SQLite
 * to prepare it on every call, which on the hottest paths (the session look-up runs for every
 * signed-in request) cost more than running the query.
 */
import { type Db, type Executor } from '../../db/client.ts';
import { getDb } from './db.ts';

/**
 * Returns a getter for the statement `build` makes, built once for each connection (or transaction handle)
 * it is asked for. `D` is `Executor` for statements that a caller's transaction may run.
 */
export function preparedOnce<T, D extends Executor = Db>(build: (db: D) => T): (db?: D) => T {
  const built = new WeakMap<D, T>();
  return (db = getDb() as D) => {
    let statement = built.get(db);
    if (statement === undefined) {
      statement = build(db);
      built.set(db, statement);
    }
    return statement;
  };
}

/**
 * The demo register the HTTP benchmarks run against: seeded into a migrated database in a temporary folder,
 * with extra driver accounts where a benchmark needs many signed-in drivers, and the built server started on it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';
import { applyMigrations, openDatabase, type Db } from '../../../db/client.ts';
import { ARGON2_OPTIONS } from '../../../src/lib/auth/password.ts';
import { readCourseModules, readQuestionBank } from '../../../src/lib/content/course-files.ts';
import { seedDemo } from '../../../src/lib/demo/seed.ts';
import { BENCH_PASSWORD, DRIVER, OFFICER } from './accounts.ts';
import { startServer, type RunningServer } from './server.ts';
import { insertUser } from '../../support/factory.ts';

/** Today for the seeded data: a month before the default deadline, as in the run-up. */
export const BENCH_TODAY = '2016-08-01';

export interface BenchDatabase {
  dir: string;
  path: string;
  db: Db;
  moduleSlugs: string[];
}

/** A migrated database in a temporary folder, holding the demo register of 1,757 drivers. */
export async function demoDatabase(): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'portal-bench-'));
  const path = join(dir, 'portal.db');
  const db = openDatabase(path);
  applyMigrations(db);
  const moduleSlugs = readCourseModules().map((m) => m.slug);
  await seedDemo(db, {
    seed: 2016,
    today: BENCH_TODAY,
    moduleSlugs,
    questions: readQuestionBank(),
    driver: DRIVER,
    officer: OFFICER,
    hashPassword: (p) => hash(p, ARGON2_OPTIONS),
  });
  return { dir, path, db, moduleSlugs };
}

/**
 * Gives `count` register drivers without an account a driver account (`bench-<prefix>-<n>@example.test`,
 * password BENCH_PASSWORD). `last-module`: every module is complete but the last, whose last section is
 * reached, so the driver can read it, answer its scenario and then take the assessment. `all-modules`:
 * every module is complete.
 */
export async function addDriverAccounts(
  bench: BenchDatabase,
  prefix: string,
  count: number,
  progressTo: 'none' | 'last-module' | 'all-modules',
): Promise<string[]> {
  const sqlite = bench.db.$client;
  const passwordHash = await hash(BENCH_PASSWORD, ARGON2_OPTIONS);
  const free = sqlite
    .prepare(`select id from drivers where id not in (select driver_id from users where driver_id is not null) limit ?`)
    .all(count) as { id: number }[];
  if (free.length < count) throw new Error(`Only ${free.length} drivers have no account; ${count} needed`);
  const progress = sqlite.prepare(
    `insert into module_progress (user_id, module_slug, furthest_section, started_at, completed_at) values (?, ?, ?, 0, ?)`,
  );
  const emails: string[] = [];
  sqlite.transaction(() => {
    free.forEach(({ id }, n) => {
      const email = `bench-${prefix}-${n}@example.test`;
      const userId = insertUser(sqlite, { email, passwordHash, driverId: id });
      if (progressTo !== 'none') {
        bench.moduleSlugs.forEach((slug, m) => {
          const open = progressTo === 'last-module' && m === bench.moduleSlugs.length - 1;
          progress.run(userId, slug, 99, open ? null : 0);
        });
      }
      emails.push(email);
    });
  })();
  return emails;
}

/** Removes a benchmark database folder. */
export function removeDatabase(bench: BenchDatabase): void {
  bench.db.$client.close();
  rmSync(bench.dir, { recursive: true, force: true });
}

export interface DemoServerOptions<P> {
  port: number;
  /**
   * Runs on the database before the server starts, so the server opens it complete (extra accounts, say); what
   * it returns is handed to `use`.
   */
  prepare?: (bench: BenchDatabase) => Promise<P>;
  /** As for startServer. */
  nodeArgs?: string[];
  env?: Record<string, string>;
  root?: string;
}

/**
 * Runs `use` against the built server on a fresh demo database, then stops the server and removes the
 * database whether `use` finishes or throws, so a failed round leaves no server or temporary folder behind.
 */
export async function withDemoServer<T, P = undefined>(
  { port, prepare, nodeArgs, env, root }: DemoServerOptions<P>,
  use: (server: RunningServer, bench: BenchDatabase, prepared: P) => Promise<T>,
): Promise<T> {
  const bench = await demoDatabase();
  try {
    const prepared = (await prepare?.(bench)) as P;
    const server = await startServer(bench.path, port, nodeArgs, env, root);
    try {
      return await use(server, bench, prepared);
    } finally {
      await server.stop();
    }
  } finally {
    removeDatabase(bench);
  }
}

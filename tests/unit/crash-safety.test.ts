import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Kills with SIGKILL (no clean-up, no flush) at this many random moments; the issue asks for at least 50. */
const KILLS = 50;
/** Writers run side by side on separate databases, so the kills fit in well under a minute. */
const PARALLEL = 2;
/**
 * The writer bundled once into plain JavaScript: starting it then costs about a quarter of the CPU time of
 * starting it through tsx, and 50 starts dominate this test. Inside node_modules so its packages resolve.
 */
const WRITER = 'node_modules/.cache/portal-crash/writer.mjs';

/** Writers still running if the test fails or times out, so none outlives it. */
const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

beforeAll(() => {
  buildSync({
    entryPoints: ['tests/unit/fixtures/crash-writer.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: WRITER,
    logLevel: 'warning',
  });
});

interface Acks {
  register: Array<{ round: number; ids: number[] }>;
  faceToFace: number[];
  attempts: number[];
  erased: number[];
}

/**
 * Runs the writer on `path` from round `start` and kills it with SIGKILL `jitterMs` after its `after`-th
 * acknowledgement, so that across runs the kill lands inside every kind of write, whatever the machine's speed.
 * Returns what it acknowledged; fails if the writer stops by itself (an error in a write path).
 */
function runAndKill(path: string, start: number, after: number, jitterMs: number): Promise<Acks> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, path, `${start}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORTAL_LOG: 'silent' },
    });
    running.add(child);
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const acknowledged = out.split('\n').length - 1;
      if (acknowledged >= after) timer ??= setTimeout(() => child.kill('SIGKILL'), jitterMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (_code, signal) => {
      running.delete(child);
      clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited without being killed: ${err}`));
      const acks: Acks = { register: [], faceToFace: [], attempts: [], erased: [] };
      // Only whole lines count: a line cut off by the kill was never acknowledged.
      for (const line of out.split('\n').slice(0, -1)) {
        const [kind, round, value] = line.split(' ');
        if (kind === 'R') acks.register.push({ round: Number(round), ids: value!.split(',').map(Number) });
        if (kind === 'F') acks.faceToFace.push(Number(round));
        if (kind === 'A') acks.attempts.push(Number(value));
        if (kind === 'E') acks.erased.push(Number(value));
      }
      resolve(acks);
    });
  });
}

/** What must hold after any kill; returns a list of violations (empty when the database is sound). */
function violations(db: Database.Database, acks: Acks): string[] {
  const found: string[] = [];
  const count = (query: string, ...params: unknown[]) =>
    db
      .prepare(query)
      .pluck()
      .get(...params) as number;
  if (db.pragma('integrity_check', { simple: true }) !== 'ok') found.push('integrity_check failed');
  for (const { round, ids } of acks.register) {
    const present = count(`select count(*) from drivers where id in (${ids.map(() => '?').join(',')})`, ...ids);
    if (present !== 5) found.push(`register import of round ${round} lost drivers`);
  }
  for (const round of acks.faceToFace) {
    const ids = acks.register.find((r) => r.round === round)!.ids.slice(0, 2);
    const held = count(
      `select count(*) from face_to_face_sessions s join certificates c on c.face_to_face_session_id = s.id
       where s.driver_id in (?, ?)`,
      ...ids,
    );
    if (held !== 2) found.push(`face-to-face import of round ${round} lost sessions or certificates`);
  }
  for (const attemptId of acks.attempts) {
    const certified = count(
      `select count(*) from assessment_attempts a join certificates c on c.attempt_id = a.id
       where a.id = ? and a.passed = 1 and a.submitted_at is not null`,
      attemptId,
    );
    if (certified !== 1) found.push(`acknowledged pass ${attemptId} has no certificate`);
  }
  for (const driverId of acks.erased) {
    if (count(`select count(*) from drivers where id = ? and erased_at is not null`, driverId) !== 1) {
      found.push(`acknowledged erasure of driver ${driverId} is missing`);
    }
  }
  const unearned = count(
    `select count(*) from certificates c where
       (c.kind = 'online' and not exists (select 1 from assessment_attempts a where a.id = c.attempt_id and a.passed = 1))
       or (c.kind = 'face_to_face' and not exists (select 1 from face_to_face_sessions s where s.id = c.face_to_face_session_id))`,
  );
  if (unearned > 0) found.push(`${unearned} certificates without a pass or a session`);
  const doubled = count(
    `select count(*) from (select coalesce(c.driver_id, u.driver_id) as d from certificates c
       left join users u on u.id = c.user_id where c.revoked_at is null group by d having d is not null and count(*) > 1)`,
  );
  if (doubled > 0) found.push(`${doubled} drivers hold two current certificates`);
  const halfErased = count(
    `select count(*) from drivers d where d.erased_at is not null and (d.surname != 'Erased' or exists
       (select 1 from users u where u.driver_id = d.id and u.email not like '%@erased.invalid'))`,
  );
  if (halfErased > 0) found.push(`${halfErased} drivers half erased`);
  return found;
}

/** One database's share of the kills: each run starts from a fresh round number so badges never collide. */
async function killRepeatedly(runs: number, seed: number): Promise<{ acks: Acks; problems: string[] }> {
  const path = join(mkdtempSync(join(tmpdir(), 'portal-crash-')), 'crash.db');
  const all: Acks = { register: [], faceToFace: [], attempts: [], erased: [] };
  const problems: string[] = [];
  for (let run = 0; run < runs; run++) {
    // A random moment: after 1 to 8 acknowledged writes (two rounds of the four kinds), then 0–15 ms more.
    const after = 1 + Math.floor(Math.random() * 8);
    const acks = await runAndKill(path, (seed * 1000 + run) * 10_000, after, Math.floor(Math.random() * 16));
    all.register.push(...acks.register);
    all.faceToFace.push(...acks.faceToFace);
    all.attempts.push(...acks.attempts);
    all.erased.push(...acks.erased);
    const db = new Database(path);
    problems.push(...violations(db, all).map((v) => `run ${run}: ${v}`));
    db.close();
  }
  return { acks: all, problems };
}

describe('crash safety', () => {
  it(`keeps imports, submit-and-issue and erasure whole through ${KILLS} SIGKILLs at random moments`, async () => {
    const results = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => killRepeatedly(Math.ceil(KILLS / PARALLEL), i)),
    );
    expect(results.flatMap((r) => r.problems)).toEqual([]);
    // The kills landed in every kind of write, not only before the first.
    const acks = results.map((r) => r.acks);
    for (const kind of ['register', 'faceToFace', 'attempts', 'erased'] as const) {
      expect(
        acks.reduce((n, a) => n + a[kind].length, 0),
        kind,
      ).toBeGreaterThan(0);
    }
  }, 300_000);
});

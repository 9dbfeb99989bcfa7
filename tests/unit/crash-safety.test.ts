import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs the writer, kills it with SIGKILL after `ms`, and returns the badges it acknowledged. */
function runAndKill(path: string, start: number, ms: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/unit/fixtures/crash-writer.ts', path, String(start)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      // Start the countdown once writing has begun, so every run kills mid-write.
      timer ??= setTimeout(() => child.kill('SIGKILL'), ms);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`writer exited without being killed: ${err}`));
      else resolve(out.split('\n').filter((l) => /^C\d+$/.test(l)));
    });
  });
}

describe('crash safety', () => {
  it('keeps every acknowledged transaction whole and the database intact when killed mid-write', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'portal-crash-')), 'crash.db');
    const acknowledged: string[] = [];
    for (let run = 0; run < 6; run++) {
      acknowledged.push(...(await runAndKill(path, run * 1_000_000, 40 + run * 37)));
    }
    const db = new Database(path);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const badges = new Set(
      (db.prepare('select badge_number from drivers').all() as { badge_number: string }[]).map((r) => r.badge_number),
    );
    const missing = acknowledged.filter((b) => !badges.has(b));
    expect(acknowledged.length).toBeGreaterThan(50);
    expect(missing).toEqual([]);
    const orphans = db
      .prepare(
        "select count(*) as n from drivers d where not exists (select 1 from audit_log a where a.driver_id = d.id and a.action = 'crash_test')",
      )
      .get() as { n: number };
    expect(orphans.n).toBe(0);
    db.close();
  }, 60_000);
});

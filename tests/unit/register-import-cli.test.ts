import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'register-cli-'));
const databasePath = join(dir, 'portal.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runImport(lines: string[]): { status: number | null; output: string } {
  const file = join(dir, `register-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const result = spawnSync('npx', ['tsx', 'src/cli/register-import.ts', file], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_PATH: databasePath, PORTAL_LOG: 'silent' },
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function driverCount(): number {
  const db = new Database(databasePath, { readonly: true });
  try {
    return (db.prepare('select count(*) as n from drivers').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const HEADER = 'badge_number,surname,forenames,licence_type,licence_expiry';

describe('npm run register:import', () => {
  it('prints each problem with its line number, exits 1 and changes nothing', () => {
    const { status, output } = runImport([
      HEADER,
      'C1,Hall,Ian,dual,2030-01-01',
      'C2,,Karen,private_hire,2030-01-01',
      'C3,Ward,Dawn,private_hire,2030-02-31',
      'C4,Bell,Ann,taxi,2030-01-01',
      'C1,Hall,Ian,dual,2030-01-01',
    ]);
    expect(status).toBe(1);
    expect(output).toContain('line 3: surname is empty.');
    expect(output).toContain('line 4: licence_expiry "2030-02-31" is not a real date');
    expect(output).toContain('line 5: licence_type "taxi" is not one of');
    expect(output).toContain('line 6: badge_number C1 is also on line 2.');
    expect(output).toContain('Rejected: 4');
    expect(output).toContain('Nothing was changed');
    expect(driverCount()).toBe(0);
  }, 90_000);

  it('imports a good file, printing the counts, and reports it unchanged the second time', () => {
    const good = [HEADER, 'C1,Hall,Ian,dual,2030-01-01', 'C2,Kaur,Harjit,private_hire,2030-01-01'];
    const first = runImport(good);
    expect(first.status).toBe(0);
    expect(first.output).toMatch(/New: 2\nUpdated: 0\nUnchanged: 0\nRejected: 0/);
    expect(driverCount()).toBe(2);
    const second = runImport(good);
    expect(second.status).toBe(0);
    expect(second.output).toMatch(/New: 0\nUpdated: 0\nUnchanged: 2\nRejected: 0/);
  }, 90_000);
});

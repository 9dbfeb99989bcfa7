import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, openDatabase, type Db } from '../../db/client.ts';
import { setClock } from '../../src/lib/clock.ts';
import { config } from '../../src/lib/config.ts';
import { useDb } from '../../src/lib/db.ts';
import { IMPORT_KINDS } from '../../src/lib/register/import-kinds.ts';
import { applyImportOffThread, previewImportOffThread } from '../../src/lib/register/import-off-thread.ts';
import { insertUser } from '../support/factory.ts';

const HEADER = 'badge_number,surname,forenames,licence_type,licence_expiry';
const register = IMPORT_KINDS.register;
const faceToFace = IMPORT_KINDS.face_to_face;

function registerFile(prefix: string, rows: number): Buffer {
  const lines = [HEADER];
  for (let i = 1; i <= rows; i += 1) lines.push(`${prefix}${i},Surname${i},Forename${i},dual,2030-01-15`);
  return Buffer.from(lines.join('\n'));
}

const count = (db: Db, sql: string, ...params: unknown[]) =>
  db.$client
    .prepare(sql)
    .pluck()
    .get(...params) as number;

// The first job waits for the worker to load its modules through tsx: seconds on a busy machine.
describe('imports checked and applied off the request thread', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'import-off-thread-'));
  let db: Db;
  beforeAll(() => {
    db = openDatabase(join(dir, 'portal.db'));
    applyMigrations(db);
    useDb(db);
  });
  afterEach(() => setClock(null));
  afterAll(() => {
    useDb(null);
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('previews as the server would, changing nothing, with the server’s clock and row limit', async () => {
    const file = Buffer.from(`${HEADER}\nB1,Smith,Jo,private_hire,2030-01-01\nB2,Ward,Al,dual,2031-01-01\nshort\n`);
    const preview = await previewImportOffThread(register, file);
    expect(preview).toEqual(register.preview(file, db));
    expect(preview.counts).toEqual({ new: 2, updated: 0, unchanged: 0, invalid: 1 });
    expect(count(db, 'select count(*) from drivers')).toBe(0);

    const rowLimit = config.importMaxRows;
    config.importMaxRows = 1;
    try {
      expect((await previewImportOffThread(register, file)).fileError).toContain('more than 1 rows');
    } finally {
      config.importMaxRows = rowLimit;
    }
    // By the server's pinned clock the session is tomorrow, though by the real clock it is long past.
    setClock(() => new Date('2016-03-01T12:00:00Z'));
    const session = Buffer.from(`badge_number,session_date,trainer,venue\nB1,2016-03-02,Jo,Hall\n`);
    expect((await previewImportOffThread(faceToFace, session)).problems).toEqual([
      { line: 2, column: 'session_date', reason: 'session_date is in the future.' },
      { line: 2, column: 'badge_number', reason: 'badge_number B1 is not in the licensing register.' },
    ]);
  });

  it('applies in one transaction that the server’s own connection sees, audited, while the server goes on', async () => {
    setClock(() => new Date('2016-03-01T12:00:00Z'));
    let turns = 0;
    const ticking = setInterval(() => (turns += 1), 1);
    const officer = insertUser(db.$client, { email: 'o@example.org', role: 'officer' });
    const outcome = await applyImportOffThread(register, registerFile('T', 2_000), officer);
    clearInterval(ticking);
    expect(outcome).toMatchObject({ applied: true, counts: { new: 2_000, updated: 0, unchanged: 0, invalid: 0 } });
    // The server's thread kept taking turns while the worker checked and wrote the file.
    expect(turns).toBeGreaterThan(0);
    expect(count(db, "select count(*) from drivers where badge_number like 'T%'")).toBe(2_000);
    expect(count(db, 'select max(created_at) from drivers')).toBe(Date.parse('2016-03-01T12:00:00Z'));
    expect(
      db.$client.prepare("select actor_user_id as actor, detail from audit_log where action = 'register_import'").get(),
    ).toEqual({ actor: officer, detail: JSON.stringify({ new: 2_000, updated: 0, unchanged: 0 }) });

    const sessions = Buffer.from(
      `badge_number,session_date,trainer,venue\nT1,2016-02-01,Jo,Hall\nT2,2016-02-01,Jo,Hall\n`,
    );
    expect(await applyImportOffThread(faceToFace, sessions, null)).toMatchObject({ applied: true });
    expect(
      count(db, 'select count(*) from certificates c join face_to_face_sessions s on s.id = c.face_to_face_session_id'),
    ).toBe(2);
  });

  it('applies one import at a time: a second apply meanwhile changes nothing and says so', async () => {
    const [first, second] = await Promise.all([
      applyImportOffThread(register, registerFile('C', 500), null),
      applyImportOffThread(register, registerFile('D', 500), null),
    ]);
    expect(first).toMatchObject({ applied: true });
    expect(second).toBeNull();
    expect(count(db, "select count(*) from drivers where badge_number like 'D%'")).toBe(0);
    expect(await applyImportOffThread(register, registerFile('D', 500), null)).toMatchObject({ applied: true });
  });
  it('a worker that dies fails only the job it held: the next job starts a new worker and succeeds', async () => {
    // A database path that cannot be opened stops the worker before its job's own error handling, as running
    // out of memory on a hostile file would. The job fails with the worker's own error (a job's reply would carry
    // a stack starting "Error:").
    const goneDir = mkdtempSync(join(tmpdir(), 'import-off-thread-gone-'));
    const gone = openDatabase(join(goneDir, 'portal.db'));
    useDb(gone);
    gone.$client.close();
    rmSync(join(goneDir, 'portal.db'));
    mkdirSync(join(goneDir, 'portal.db'));
    try {
      await expect(applyImportOffThread(register, registerFile('E', 10), null)).rejects.toThrow(/^EISDIR/);
    } finally {
      useDb(db);
      rmSync(goneDir, { recursive: true, force: true });
    }
    expect(await applyImportOffThread(register, registerFile('E', 10), null)).toMatchObject({
      applied: true,
      counts: { new: 10 },
    });
    expect(count(db, "select count(*) from drivers where badge_number like 'E%'")).toBe(10);
  });
});

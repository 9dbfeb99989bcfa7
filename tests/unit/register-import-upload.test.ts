import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, openDatabase, type Db } from '../../db/client.ts';
import { useDb } from '../../src/lib/db.ts';
import { streamedPost } from './support/requests.ts';
import { insertUser } from '../support/factory.ts';

// The upload store lives beside the database: point it at a temporary folder before the modules read the configuration.
const dir = mkdtempSync(join(tmpdir(), 'import-upload-'));
process.env.DATABASE_PATH = join(dir, 'portal.db');
const { receiveImportUpload, applyStoredImport } = await import('../../src/lib/register/import-upload.ts');
const { readStashedUpload, stashUpload } = await import('../../src/lib/register/upload-store.ts');

const GOOD = 'badge_number,surname,forenames,licence_type,licence_expiry\nU1,Hall,Ian,dual,2030-01-01\n';

function uploadRequest(kind: string, content: Buffer): Request {
  const form = new FormData();
  form.set('kind', kind);
  form.set('file', new File([new Uint8Array(content)], 'register.csv', { type: 'text/csv' }));
  return new Request('http://portal.test/officer/import/', { method: 'POST', body: form });
}

function applyRequest(fields: Record<string, string>): Request {
  return new Request('http://portal.test/officer/import/apply', { method: 'POST', body: new URLSearchParams(fields) });
}

// The first upload waits for the import worker to load its modules through tsx: seconds on a busy machine.
describe('officer import upload and apply', { timeout: 60_000 }, () => {
  let db: Db;
  let officerId: number;
  beforeAll(() => {
    // A file, not memory: the upload is checked and applied by a worker thread with its own connection.
    db = openDatabase(process.env.DATABASE_PATH!);
    applyMigrations(db);
    useDb(db);
    officerId = insertUser(db.$client, { email: 'o@example.org', role: 'officer' });
  });
  afterAll(() => {
    useDb(null);
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('previews a good upload, stores it, and applies it once', async () => {
    const result = await receiveImportUpload(uploadRequest('register', Buffer.from(GOOD)));
    expect(result.ok && result.preview.counts.new).toBe(1);
    const token = result.ok ? result.token : null;
    expect(token).toMatch(/^[0-9a-f]{32}-[0-9a-f]{64}$/);
    expect(readdirSync(join(dir, 'imports'))).toEqual([`${token}.csv`]);

    const applied = await applyStoredImport(applyRequest({ kind: 'register', upload: token! }), officerId);
    expect(applied.ok).toBe(true);
    expect(db.$client.prepare("select count(*) from drivers where badge_number = 'U1'").pluck().get()).toBe(1);
    expect(
      db.$client.prepare("select actor_user_id from audit_log where action = 'register_import'").pluck().get(),
    ).toBe(officerId);
    expect(readdirSync(join(dir, 'imports'))).toEqual([]);

    const again = await applyStoredImport(applyRequest({ kind: 'register', upload: token! }), officerId);
    expect(again).toMatchObject({ ok: false, status: 410 });
  });

  it('refuses a stored upload whose content no longer matches its name', () => {
    const token = stashUpload(Buffer.from(GOOD));
    writeFileSync(join(dir, 'imports', `${token}.csv`), GOOD.replace('Hall', 'Ward'));
    expect(readStashedUpload(token)).toBeNull();
    expect(readStashedUpload('../portal.db')).toBeNull();
  });

  it('does not store a file with invalid rows, so it cannot be applied', async () => {
    const result = await receiveImportUpload(uploadRequest('register', Buffer.from(GOOD.replace('dual', 'minicab'))));
    expect(result).toMatchObject({ ok: true, status: 422, token: null });
  });

  it('refuses a declared oversize body before reading it, and an undeclared one once it passes the limit', async () => {
    const declared = new Request('http://portal.test/officer/import/', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(20 * 1024 * 1024) },
      body: 'x',
    });
    expect(await receiveImportUpload(declared)).toMatchObject({
      ok: false,
      status: 413,
      error: { message: expect.stringMatching(/^The file is 20\.0 MB; the limit is 5 MB/) },
    });

    let sent = 0;
    const chunk = new Uint8Array(1024 * 1024).fill(97);
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.length;
        if (sent > 200 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const streamed = streamedPost('http://portal.test/officer/import/', 'multipart/form-data; boundary=x', endless);
    expect(await receiveImportUpload(streamed)).toMatchObject({ ok: false, status: 413 });
    expect(sent).toBeLessThan(100 * 1024 * 1024);
  });

  it('asks for the kind of file and for a file', async () => {
    expect(await receiveImportUpload(uploadRequest('passwords', Buffer.from(GOOD)))).toMatchObject({
      ok: false,
      error: { field: 'kind' },
    });
    const empty = new FormData();
    empty.set('kind', 'register');
    const noFile = await receiveImportUpload(
      new Request('http://portal.test/officer/import/', { method: 'POST', body: empty }),
    );
    expect(noFile).toMatchObject({ ok: false, error: { field: 'file', message: 'Choose a CSV file to upload' } });
  });

  it('tells a second officer applying meanwhile to wait, and keeps their file to apply again', async () => {
    const first = stashUpload(Buffer.from(GOOD.replace('U1', 'W1')));
    const second = stashUpload(Buffer.from(GOOD.replace('U1', 'W2')));
    const [applied, refused] = await Promise.all([
      applyStoredImport(applyRequest({ kind: 'register', upload: first }), officerId),
      applyStoredImport(applyRequest({ kind: 'register', upload: second }), officerId),
    ]);
    expect(applied.ok).toBe(true);
    expect(refused).toMatchObject({ ok: false, status: 409, retry: second });
    expect(!refused.ok && refused.error.message).toContain('Another import is being applied');
    expect(db.$client.prepare("select count(*) from drivers where badge_number = 'W2'").pluck().get()).toBe(0);

    const again = await applyStoredImport(applyRequest({ kind: 'register', upload: second }), officerId);
    expect(again.ok).toBe(true);
    expect(db.$client.prepare("select count(*) from drivers where badge_number = 'W2'").pluck().get()).toBe(1);
  });
});

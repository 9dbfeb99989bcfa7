import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyMigrations, backupDatabase, openDatabase } from '../../db/client.ts';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('database files are readable by their owner only', () => {
  it('creates the database, WAL and shared-memory files, and its folder, private', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'portal-mode-')), 'data');
    const path = join(dir, 'portal.db');
    const db = openDatabase(path);
    applyMigrations(db);
    expect(mode(dir)).toBe(0o700);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(mode(file), file).toBe(0o600);
    db.$client.close();
  });

  it('tightens a database file that an older version left world-readable', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'portal-mode-')), 'portal.db');
    writeFileSync(path, '', { mode: 0o644 });
    const db = openDatabase(path);
    expect(mode(path)).toBe(0o600);
    db.$client.close();
  });

  it('writes backups private', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portal-mode-'));
    const db = openDatabase(join(dir, 'portal.db'));
    applyMigrations(db);
    const target = join(dir, 'backup.db');
    await backupDatabase(db, target);
    expect(mode(target)).toBe(0o600);
    await expect(backupDatabase(db, target)).rejects.toThrow();
    db.$client.close();
  });
});

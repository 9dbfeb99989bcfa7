import { describe, expect, it } from 'vitest';
import { memoryDb } from '../../db/client.ts';
import { auditLog } from '../../db/schema.ts';
import { audit } from '../../src/lib/audit.ts';

describe('audit log', () => {
  it('records entries and refuses to change or delete them', () => {
    const db = memoryDb();
    audit({ actorUserId: null, action: 'register_import', detail: { added: 3 } }, db);
    const rows = db.select().from(auditLog).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.action).toBe('register_import');
    expect(() => db.$client.exec("update audit_log set action = 'x'")).toThrow(/append-only/);
    expect(() => db.$client.exec('delete from audit_log')).toThrow(/append-only/);
  });
});

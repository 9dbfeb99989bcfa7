import { describe, expect, it } from 'vitest';
import { memoryDb } from '../../db/client.ts';
import { recordFaceToFace } from '../../src/lib/officer/face-to-face.ts';
import { addDriver } from './officer-fixtures.ts';
import { insertUser } from '../support/factory.ts';

describe('recording a face-to-face session', () => {
  it('stores the session, issues its face-to-face certificate and audits both in one go', () => {
    const db = memoryDb();
    const officer = insertUser(db.$client, { email: 'o@example.test', role: 'officer' });
    const driverId = addDriver(db, { surname: 'Nowak', forenames: 'Łucja' });
    const result = recordFaceToFace(
      { driverId, officerUserId: officer, sessionDate: '2016-08-20', trainer: 'Pat', venue: 'Durham' },
      db,
    );
    expect(result.ok).toBe(true);
    const cert = db.$client
      .prepare('select kind, holder_name, completed_on, face_to_face_session_id from certificates where driver_id = ?')
      .get(driverId);
    expect(cert).toEqual({
      kind: 'face_to_face',
      holder_name: 'Łucja Nowak',
      completed_on: '2016-08-20',
      face_to_face_session_id: result.ok ? result.sessionId : -1,
    });
    const audit = db.$client
      .prepare("select detail from audit_log where action = 'face_to_face_recorded' and driver_id = ?")
      .pluck()
      .get(driverId) as string;
    expect(JSON.parse(audit)).toMatchObject({ sessionDate: '2016-08-20' });
  });

  it('refuses a second session on the same day and issues nothing more', () => {
    const db = memoryDb();
    const officer = insertUser(db.$client, { email: 'o@example.test', role: 'officer' });
    const driverId = addDriver(db);
    const input = { driverId, officerUserId: officer, sessionDate: '2016-08-20', trainer: 'Pat', venue: 'Durham' };
    recordFaceToFace(input, db);
    expect(recordFaceToFace(input, db)).toEqual({ ok: false, reason: 'duplicate' });
    expect(db.$client.prepare('select count(*) from certificates').pluck().get()).toBe(1);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDb, type Db } from '../../db/client.ts';
import { auditLog, faceToFaceSessions } from '../../db/schema.ts';
import { today } from '../../src/lib/clock.ts';
import { applyFaceToFaceImport, previewFaceToFaceImport } from '../../src/lib/register/face-to-face-import.ts';
import { applyRegisterImport } from '../../src/lib/register/register-import.ts';

function csv(...lines: string[]): Buffer {
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

const HEADER = 'badge_number,session_date,trainer,venue';

describe('face-to-face attendance import', () => {
  let db: Db;
  beforeEach(() => {
    db = memoryDb();
    const register = csv(
      'badge_number,surname,forenames,licence_type,licence_expiry',
      'B1,Hall,Ian,dual,2030-01-01',
      'B2,Kaur,Harjit,private_hire,2030-01-01',
    );
    expect(applyRegisterImport(register, null, db).applied).toBe(true);
  });

  it('records sessions for drivers in the register, audits counts, and changes nothing on re-import', () => {
    const file = csv(
      HEADER,
      'B1,2016-05-10,A. Hepburn,Civic centre',
      'B2,2016-06-01,R. Nasir,Licensing office',
      'B1,2016-07-01,R. Nasir,Civic centre',
    );
    expect(previewFaceToFaceImport(file, db).counts).toEqual({ new: 3, updated: 0, unchanged: 0, invalid: 0 });
    const outcome = applyFaceToFaceImport(file, null, db);
    expect(outcome.applied).toBe(true);
    expect(
      db
        .select()
        .from(faceToFaceSessions)
        .all()
        .map((s) => [s.sessionDate, s.trainer]),
    ).toEqual([
      ['2016-05-10', 'A. Hepburn'],
      ['2016-06-01', 'R. Nasir'],
      ['2016-07-01', 'R. Nasir'],
    ]);
    expect(applyFaceToFaceImport(file, null, db).counts).toEqual({ new: 0, updated: 0, unchanged: 3, invalid: 0 });
    expect(db.select().from(faceToFaceSessions).all()).toHaveLength(3);
    // Each new session has its face-to-face certificate, once, even after the re-import.
    const certs = db.$client.prepare('select kind, completed_on from certificates order by completed_on').all();
    expect(certs).toEqual([
      { kind: 'face_to_face', completed_on: '2016-05-10' },
      { kind: 'face_to_face', completed_on: '2016-06-01' },
      { kind: 'face_to_face', completed_on: '2016-07-01' },
    ]);
    const actions = db
      .select()
      .from(auditLog)
      .all()
      .filter((e) => e.action === 'face_to_face_import');
    expect(actions.map((e) => JSON.parse(e.detail))).toEqual([
      { new: 3, updated: 0, unchanged: 0 },
      { new: 0, updated: 0, unchanged: 3 },
    ]);
  });

  it('corrects the trainer or venue of a recorded session', () => {
    applyFaceToFaceImport(csv(HEADER, 'B1,2016-05-10,A. Hepburn,Civic centre'), null, db);
    const outcome = applyFaceToFaceImport(csv(HEADER, 'B1,2016-05-10,A. Hepburn,Community hall'), null, db);
    expect(outcome.counts).toEqual({ new: 0, updated: 1, unchanged: 0, invalid: 0 });
    expect(db.select().from(faceToFaceSessions).all()[0]?.venue).toBe('Community hall');
  });

  it('refuses unknown badges, future or unreal dates, blanks and duplicate sessions, with line numbers, changing nothing', () => {
    const tomorrow = new Date(Date.parse(`${today()}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const file = csv(
      HEADER,
      'B1,2016-05-10,A. Hepburn,Civic centre',
      'B9,2016-05-10,A. Hepburn,Civic centre',
      `B2,${tomorrow},A. Hepburn,Civic centre`,
      'B2,2016-02-30,A. Hepburn,Civic centre',
      'B2,2016-05-11,,Civic centre',
      'B1,2016-05-10,R. Nasir,Licensing office',
    );
    const outcome = applyFaceToFaceImport(file, null, db);
    expect(outcome.applied).toBe(false);
    expect(outcome.counts.invalid).toBe(5);
    expect(outcome.problems.map((p) => [p.line, p.reason])).toEqual([
      [3, 'badge_number B9 is not in the licensing register.'],
      [4, 'session_date is in the future.'],
      [5, 'session_date "2016-02-30" is not a real date written YYYY-MM-DD.'],
      [6, 'trainer is empty.'],
      [7, 'badge_number B1 already has a session on 2016-05-10 on line 2.'],
    ]);
    expect(db.select().from(faceToFaceSessions).all()).toEqual([]);
  });

  it('names a missing column', () => {
    const preview = previewFaceToFaceImport(csv('badge_number,session_date,trainer', 'B1,2016-05-10,A. Hepburn'), db);
    expect(preview.problems).toEqual([{ line: 1, column: 'venue', reason: 'The header row has no "venue" column.' }]);
  });
});

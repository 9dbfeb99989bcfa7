import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDb, type Db } from '../../db/client.ts';
import { drivers } from '../../db/schema.ts';
import { applicantRegistrationSchema } from '../../src/lib/auth/registration.ts';
import { withoutBidiControls } from '../../src/lib/names.ts';
import { faceToFaceForm } from '../../src/lib/officer/face-to-face.ts';
import { applyRegisterImport } from '../../src/lib/register/register-import.ts';

const CONTROLS = [
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200E',
  '\u200F',
  '\u061C',
];

describe('bidi control characters are removed from names when stored', () => {
  let db: Db;
  beforeEach(() => {
    db = memoryDb();
  });

  it('removes every control and keeps the letters, including right-to-left scripts', () => {
    for (const c of CONTROLS) expect(withoutBidiControls(`${c}Smith${c}`), JSON.stringify(c)).toBe('Smith');
    expect(withoutBidiControls('\u202Ehtims')).toBe('htims');
    expect(withoutBidiControls('علي')).toBe('علي');
  });

  it('register import stores the names without them', () => {
    const file = Buffer.from(
      [
        'badge_number,surname,forenames,licence_type,licence_expiry',
        `B9001,\u202Enosbor\u202C,\u2067Alan\u2069,private_hire,2030-01-01`,
      ].join('\n'),
    );
    expect(applyRegisterImport(file, null, db).applied).toBe(true);
    const row = db.select().from(drivers).get()!;
    expect([row.surname, row.forenames]).toEqual(['nosbor', 'Alan']);
  });

  it('a name made only of controls is refused as empty', () => {
    const file = Buffer.from(
      ['badge_number,surname,forenames,licence_type,licence_expiry', `B9002,\u202E,Alan,private_hire,2030-01-01`].join(
        '\n',
      ),
    );
    const outcome = applyRegisterImport(file, null, db);
    expect(outcome.applied).toBe(false);
  });

  it('applicant registration and the officer face-to-face form clean what they store', () => {
    const parsed = applicantRegistrationSchema().safeParse({
      forenames: '\u202EFarah',
      surname: 'Patel\u200F',
      dateOfBirth: '02/05/1980',
      email: 'farah@example.test',
      password: 'harbour violet teapot',
      confirmPassword: 'harbour violet teapot',
    });
    expect(parsed.success && [parsed.data.forenames, parsed.data.surname]).toEqual(['Farah', 'Patel']);
    const session = faceToFaceForm('2030-01-01').safeParse({
      sessionDate: '2020-01-01',
      trainer: '\u202EJo Trainer',
      venue: 'Hall',
    });
    expect(session.success && session.data.trainer).toBe('Jo Trainer');
  });
});

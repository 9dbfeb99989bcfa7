import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDb, type Db } from '../../db/client.ts';
import { auditLog, drivers } from '../../db/schema.ts';
import { applyRegisterImport, previewRegisterImport } from '../../src/lib/register/register-import.ts';

const HEADER = 'badge_number,surname,forenames,licence_type,licence_expiry,date_of_birth,email';
const GOOD = [
  'B1001,Robson,Alan,hackney_carriage,2027-03-31,1970-05-02,alan@example.org',
  'B1002,Patel,Farah,private_hire,2026-12-01,,',
  'B1003,Charlton,Lee James,dual,2028-01-15,1985-11-30,',
];

function csv(...lines: string[]): Buffer {
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

function driverCount(db: Db): number {
  return db.select().from(drivers).all().length;
}

describe('register import', () => {
  let db: Db;
  beforeEach(() => {
    db = memoryDb();
  });

  it('previews a good file without changing anything, then applies it and audits counts only', () => {
    const file = csv(HEADER, ...GOOD);
    const preview = previewRegisterImport(file, db);
    expect(preview).toEqual({
      counts: { new: 3, updated: 0, unchanged: 0, invalid: 0 },
      problems: [],
      fileError: null,
    });
    expect(driverCount(db)).toBe(0);

    const outcome = applyRegisterImport(file, null, db);
    expect(outcome.applied).toBe(true);
    const rows = db.select().from(drivers).all();
    expect(rows.map((r) => [r.badgeNumber, r.surname, r.licenceType, r.dateOfBirth, r.email])).toEqual([
      ['B1001', 'Robson', 'hackney_carriage', '1970-05-02', 'alan@example.org'],
      ['B1002', 'Patel', 'private_hire', null, null],
      ['B1003', 'Charlton', 'dual', '1985-11-30', null],
    ]);
    const entries = db.select().from(auditLog).all();
    expect(entries.map((e) => [e.action, JSON.parse(e.detail)])).toEqual([
      ['register_import', { new: 3, updated: 0, unchanged: 0 }],
    ]);
    expect(entries[0]?.detail).not.toMatch(/Robson|Patel|alan@/);
  });

  it('reports one bad row of each kind with its line number and changes nothing', () => {
    const file = csv(
      HEADER,
      GOOD[0]!,
      'B2001,,Karen,private_hire,2027-01-01,,',
      'B2002,Hall,Ian,private_hire,2027-02-30,,',
      'B2003,Ward,Dawn,minicab,2027-01-01,,',
      'B1001,Robson,Alan,hackney_carriage,2027-03-31,,',
    );
    const outcome = applyRegisterImport(file, null, db);
    expect(outcome.applied).toBe(false);
    expect(outcome.counts).toEqual({ new: 1, updated: 0, unchanged: 0, invalid: 4 });
    expect(outcome.problems).toEqual([
      { line: 3, column: 'surname', reason: 'surname is empty.' },
      {
        line: 4,
        column: 'licence_expiry',
        reason: 'licence_expiry "2027-02-30" is not a real date written YYYY-MM-DD.',
      },
      {
        line: 5,
        column: 'licence_type',
        reason: 'licence_type "minicab" is not one of hackney_carriage, private_hire, dual.',
      },
      { line: 6, column: 'badge_number', reason: 'badge_number B1001 is also on line 2.' },
    ]);
    expect(driverCount(db)).toBe(0);
    expect(db.select().from(auditLog).all()).toEqual([]);
  });

  it('names a missing column and reads no rows', () => {
    const preview = previewRegisterImport(csv('badge_number,surname,forenames,licence_type', 'B1,Hall,Ian,dual'), db);
    expect(preview.problems).toEqual([
      { line: 1, column: 'licence_expiry', reason: 'The header row has no "licence_expiry" column.' },
    ]);
    expect(
      applyRegisterImport(csv('badge_number,surname,forenames,licence_type', 'B1,Hall,Ian,dual'), null, db).applied,
    ).toBe(false);
    expect(driverCount(db)).toBe(0);
  });

  it('accepts columns in any order, a byte-order mark, Windows line ends and padded cells', () => {
    const text =
      '\uFEFFlicence_expiry , Surname,badge_number,forenames,licence_type\r\n 2027-01-01 , Hall ,B9, Ian ,Private_Hire\r\n';
    const outcome = applyRegisterImport(Buffer.from(text, 'utf8'), null, db);
    expect(outcome.problems).toEqual([]);
    expect(
      db
        .select()
        .from(drivers)
        .all()
        .map((r) => [r.badgeNumber, r.surname, r.forenames, r.licenceType]),
    ).toEqual([['B9', 'Hall', 'Ian', 'private_hire']]);
  });

  it('changes nothing when the same file is imported again', () => {
    const file = csv(HEADER, ...GOOD);
    applyRegisterImport(file, null, db);
    const before = db.select().from(drivers).all();
    const again = applyRegisterImport(file, null, db);
    expect(again.counts).toEqual({ new: 0, updated: 0, unchanged: 3, invalid: 0 });
    expect(db.select().from(drivers).all()).toEqual(before);
  });

  it('detects updated rows, and keeps optional values when the file has no such column', () => {
    applyRegisterImport(csv(HEADER, ...GOOD), null, db);
    const changed = csv(
      'badge_number,surname,forenames,licence_type,licence_expiry',
      'B1001,Robson,Alan,dual,2027-03-31',
      'B1002,Patel,Farah,private_hire,2026-12-01',
      'B1003,Charlton,Lee James,dual,2028-01-15',
      'B1004,Kaur,Harjit,private_hire,2027-06-30',
    );
    expect(previewRegisterImport(changed, db).counts).toEqual({ new: 1, updated: 1, unchanged: 2, invalid: 0 });
    applyRegisterImport(changed, null, db);
    const alan = db
      .select()
      .from(drivers)
      .all()
      .find((r) => r.badgeNumber === 'B1001');
    expect(alan).toMatchObject({ licenceType: 'dual', dateOfBirth: '1970-05-02', email: 'alan@example.org' });

    const cleared = csv(HEADER, 'B1001,Robson,Alan,dual,2027-03-31,,');
    expect(previewRegisterImport(cleared, db).counts.updated).toBe(1);
  });

  it('checks dates of birth and e-mail addresses', () => {
    const preview = previewRegisterImport(
      csv(
        HEADER,
        'B1,Hall,Ian,dual,2027-01-01,2999-01-01,',
        'B2,Hall,Ian,dual,2027-01-01,,not-an-email',
        'B3,Hall,Ian,dual,27/01/2027,,',
      ),
      db,
    );
    expect(preview.problems.map((p) => [p.line, p.column])).toEqual([
      [2, 'date_of_birth'],
      [3, 'email'],
      [4, 'licence_expiry'],
    ]);
    expect(preview.problems[0]?.reason).toBe('date_of_birth must be in the past.');
  });

  it('counts physical lines across blank lines and cells that span lines', () => {
    const preview = previewRegisterImport(
      csv(HEADER, '', 'B1,Hall,"Ian', 'Peter",dual,2027-01-01,,', 'B2,Hall,Ian,dual,2027-13-01,,', 'B3,Hall,Ian,dual'),
      db,
    );
    expect(preview.problems.map((p) => p.line)).toEqual([5, 6]);
    expect(preview.problems[1]?.reason).toBe('This row has 4 cells but the header has 7.');
  });

  it('stores names literally, however they look', () => {
    const file = csv(HEADER, 'X1,"=HYPERLINK(""http://x"")",<script>alert(1)</script>,dual,2027-01-01,,');
    expect(applyRegisterImport(file, null, db).applied).toBe(true);
    const [row] = db.select().from(drivers).all();
    expect(row?.surname).toBe('=HYPERLINK("http://x")');
    expect(row?.forenames).toBe('<script>alert(1)</script>');
  });

  it('refuses binary, non-UTF-8, empty and oversized files with a clear message', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    expect(previewRegisterImport(png, db).fileError).toMatch(/^The file is not a CSV file: it contains binary data/);
    const latin1 = Buffer.concat([
      Buffer.from(`${HEADER}\nB1,`),
      Buffer.from([0xe9]),
      Buffer.from(',Ian,dual,2027-01-01,,\n'),
    ]);
    expect(previewRegisterImport(latin1, db).fileError).toMatch(/not UTF-8 text/);
    expect(previewRegisterImport(Buffer.alloc(0), db).fileError).toMatch(/empty/);
    expect(previewRegisterImport(csv(HEADER), db).fileError).toBe('The file has a header row but no rows of data.');
    const huge = Buffer.alloc(20 * 1024 * 1024, 'a');
    const outcome = applyRegisterImport(huge, null, db);
    expect(outcome.fileError).toMatch(/^The file is 20\.0 MB; the limit is 5 MB/);
    expect(outcome.applied).toBe(false);
    expect(driverCount(db)).toBe(0);
  });

  it('imports postal addresses and mobiles, writing postcodes and numbers one way, and rejects ones that are not UK', () => {
    const header = 'badge_number,surname,forenames,licence_type,licence_expiry,address_line_1,town,postcode,mobile';
    const good = csv(
      header,
      'B2001,Robson,Alan,dual,2027-03-31,12 Front Street,Durham,dh1 5uq,07700 900123',
      'B2002,Patel,Farah,dual,2027-03-31,,,,+447700900456',
    );
    expect(applyRegisterImport(good, null, db).applied).toBe(true);
    const rows = db.select().from(drivers).all();
    expect(rows.map((r) => [r.addressLine1, r.town, r.postcode, r.mobile])).toEqual([
      ['12 Front Street', 'Durham', 'DH1 5UQ', '07700900123'],
      [null, null, null, '+447700900456'],
    ]);

    const bad = previewRegisterImport(
      csv(header, 'B2003,Hall,Ian,dual,2027-03-31,1 Road,Durham,12345,01913 834567'),
      db,
    );
    expect(bad.problems.map((p) => p.reason)).toEqual([
      'postcode "12345" is not a UK postcode, like DH1 5UQ.',
      'mobile "01913 834567" is not a UK mobile number, like 07700 900123.',
    ]);
  });

  it('keeps stored addresses when a later file has no address columns', () => {
    const header = 'badge_number,surname,forenames,licence_type,licence_expiry,postcode';
    applyRegisterImport(csv(header, 'B3001,Robson,Alan,dual,2027-03-31,DH1 5UQ'), null, db);
    applyRegisterImport(csv(HEADER, 'B3001,Robson,Alan,dual,2028-03-31,,'), null, db);
    expect(db.select().from(drivers).get()?.postcode).toBe('DH1 5UQ');
  });
});

/**
 * What the certificate PDF tests share: a holder whose name needs more than Latin-1 (the fonts must carry it)
 * and a scratch folder for the files the PDF tools read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type PrintableCertificate } from '../../src/lib/certificates/pdf.ts';

export const holder: PrintableCertificate = {
  code: 'K7QF3MXD9TPA',
  kind: 'online',
  holderName: 'Zoë Ó Súilleabháin-Łukasiewicz',
  badgeNumber: 'DCC-04217',
  licenceType: 'private_hire',
  completedOn: '2016-08-20',
  expiresOn: '2019-08-20',
};

/** A folder made before the file's tests and removed after them; call the result for a path inside it. */
export function scratchDir(prefix: string): (name: string) => string {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name) => join(dir, name);
}

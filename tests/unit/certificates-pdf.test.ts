import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { verifyUrl } from '../../src/lib/certificates/code.ts';
import { renderCertificatePdf, type PrintableCertificate } from '../../src/lib/certificates/pdf.ts';
import { config } from '../../src/lib/config.ts';
import { holder, scratchDir } from './certificates-pdf-fixtures.ts';

const inDir = scratchDir('cert-pdf-');

async function writePdf(name: string, cert: PrintableCertificate): Promise<string> {
  const file = inDir(`${name}.pdf`);
  writeFileSync(file, await renderCertificatePdf(cert));
  return file;
}

/** Text as a reader selecting it would get it, with line breaks joined up. */
function extractText(file: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

describe('certificate PDF', () => {
  it('is a single A4 page', async () => {
    const info = execFileSync('pdfinfo', [await writePdf('info', holder)], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+1\n/);
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
  });

  it('carries the exact name, badge number, code and details as selectable text', async () => {
    const text = extractText(await writePdf('text', holder));
    expect(text).toContain('Zoë Ó Súilleabháin-Łukasiewicz');
    expect(text).toContain('DCC-04217');
    expect(text).toContain('K7QF-3MXD-9TPA');
    expect(text).toContain(config.authorityName);
    expect(text).toContain('Private hire driver');
    expect(text).toContain('Completed on 20 August 2016');
    expect(text).toContain('Online course and assessment');
    expect(text).toContain('Expires on 20 August 2019');
    expect(text).toContain(`Check this certificate at ${config.baseUrl}/verify/ using the code above.`);
  });

  it('embeds its font (a subset), so the name prints the same everywhere', async () => {
    const fonts = execFileSync('pdffonts', [await writePdf('fonts', holder)], { encoding: 'utf8' });
    const rows = fonts.split('\n').slice(2).filter(Boolean);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/\+DejaVuSans\S*\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  });

  it('has a QR code that scans to the verify address for its code', async () => {
    const file = await writePdf('qr', holder);
    execFileSync('pdftoppm', ['-png', '-r', '100', '-singlefile', file, inDir('qr')]);
    const png = PNG.sync.read(readFileSync(inDir('qr.png')));
    const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(found?.data).toBe(verifyUrl('K7QF3MXD9TPA'));
  });

  it('says how a face-to-face completion was made, and when a certificate never expires', async () => {
    const text = extractText(
      await writePdf('f2f', { ...holder, kind: 'face_to_face', expiresOn: null, badgeNumber: null, licenceType: null }),
    );
    expect(text).toContain('Face-to-face training session');
    expect(text).toContain('Does not expire');
    expect(text).toContain('Applicant (not yet licensed)');
  });

  it('is tagged, with its title, language and a structure a screen reader reads in order', async () => {
    const file = await writePdf('tagged', holder);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Tagged:\s+yes\n/);
    expect(info).toMatch(/Title:\s+CSE awareness training certificate K7QF-3MXD-9TPA\n/);
    // pdfinfo does not print the catalogue's language or title display; pdfkit writes the catalogue uncompressed.
    const raw = readFileSync(file).toString('latin1');
    expect(raw).toContain('/Lang (en-GB)');
    expect(raw).toContain('/DisplayDocTitle true');

    const tree = execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8' });
    const reading = [...tree.matchAll(/^\s*"(.+)"$/gm)].map((m) => m[1]);
    expect(reading).toEqual([
      config.authorityName,
      config.licensingOffice.name,
      'Certificate of training',
      'Child sexual exploitation (CSE) awareness for taxi and private hire drivers',
      'This certifies that',
      'Zoë Ó Súilleabháin-Łukasiewicz',
      `has completed the child sexual exploitation awareness training that ${config.authorityName} requires of licensed drivers.`,
      'Badge number',
      'DCC-04217',
      'Licence type',
      'Private hire driver',
      'Completed on',
      '20 August 2016',
      'How completed',
      'Online course and assessment',
      'Expires on',
      '20 August 2019',
      'Certificate code',
      'K7QF-3MXD-9TPA',
      'Scan to check this certificate',
      `Check this certificate at ${config.baseUrl}/verify/ using the code above.`,
      expect.stringMatching(/^The check shows whether the certificate is valid/),
    ]);
    expect(tree).toMatch(/^\s*H1 \(block\)\n\s*"Certificate of training"/m);
    expect(tree).toMatch(/^\s*TH\n\s*"Badge number"\n\s*TD\n\s*"DCC-04217"/m);
    // The QR code is a figure with a text alternative; the border and rules are artifacts, outside the tree.
    expect(tree).toMatch(/^\s*Figure\n/m);
    expect(raw).toContain(`/Alt (QR code that opens the check for this certificate: ${verifyUrl('K7QF3MXD9TPA')})`);
  });

  it('keeps a very long name on the one page', async () => {
    const longName = 'Maximilian Alexander Bartholomew Fitzgerald-Montgomery Wolstenholme Oyelaran-Adeyemi';
    const file = await writePdf('long', { ...holder, holderName: longName });
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/);
    expect(extractText(file)).toContain(longName);
  });
});

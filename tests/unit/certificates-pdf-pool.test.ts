import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCertificatePdf } from '../../src/lib/certificates/pdf.ts';
import { renderCertificatePdfOffThread } from '../../src/lib/certificates/pdf-pool.ts';
import { holder, scratchDir } from './certificates-pdf-fixtures.ts';

/** The file with the moment it was made (creation date, its XMP copy, and the document ID drawn from it) blanked. */
function timeless(pdf: Buffer): string {
  return pdf
    .toString('latin1')
    .replace(/\(D:\d{14}Z\)/g, '(D:)')
    .replace(/<xmp:CreateDate>[^<]*</g, '<xmp:CreateDate><')
    .replace(/\/ID \[<[0-9a-f]+> <[0-9a-f]+>\]/g, '/ID []');
}

const inDir = scratchDir('cert-pdf-pool-');

describe('certificate PDF rendered in a worker thread', () => {
  // The first render waits for the worker to load tsx, pdfkit and the fonts.
  it('is the same file as one rendered on the server thread, apart from when it was made', async () => {
    const [offThread, onThread] = [await renderCertificatePdfOffThread(holder), await renderCertificatePdf(holder)];
    expect(offThread.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(offThread.byteLength).toBe(onThread.byteLength);
    expect(timeless(offThread)).toBe(timeless(onThread));
  }, 60_000);

  it('gives each of many downloads at once its own holder', async () => {
    const names = ['Amara Okafor', 'Bartosz Łuczak', 'Siobhán Ní Bhriain', 'Yusuf Demir', 'Chloé Martin'];
    const pdfs = await Promise.all(names.map((holderName) => renderCertificatePdfOffThread({ ...holder, holderName })));
    pdfs.forEach((pdf, i) => {
      const file = inDir(`${i}.pdf`);
      writeFileSync(file, pdf);
      expect(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })).toContain(names[i]);
    });
  }, 60_000);
});

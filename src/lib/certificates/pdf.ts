/**
 * The certificate as an A4 PDF (pdfkit). One calm page: issuing authority,
 * holder and licence details, dates, the code and a QR code pointing at the
 * public verify page. Text is real text in an embedded TrueType font (DejaVu
 * Sans, subset by pdfkit to the glyphs used), so it stays selectable and any
 * Latin name prints correctly. The QR code is drawn as vector squares: it
 * stays sharp at any zoom and adds no image to the file.
 *
 * The PDF is tagged (PDF/UA style): a structure tree gives a screen reader the
 * heading, the paragraphs, the details as a table of label and value, and the
 * QR code as a figure with a text alternative, in reading order; borders and
 * rules are marked as layout artifacts so they are skipped.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { config } from '../config.ts';
import { formatCode, verifyUrl } from './code.ts';
import type { Certificate } from './issue.ts';
import { certificateHolderLabel, formatDate, METHOD_DESCRIPTIONS } from '../format.ts';

/** The certificate facts the PDF prints. */
export type PrintableCertificate = Pick<
  Certificate,
  'code' | 'kind' | 'holderName' | 'badgeNumber' | 'licenceType' | 'completedOn' | 'expiresOn'
>;

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
const INK = '#0b0c0c';
const MUTED = '#484949';
const BRAND = '#4c2c92';
const RULE = '#b1b4b6';
const BOLD = 'Bold';
/**
 * For fixed text that always fits on one line, placed at explicit
 * coordinates: skipping pdfkit's line wrapper gives about 10% more certificates a second.
 */
const ONE_LINE: PDFKit.Mixins.TextOptions = { lineBreak: false };

declare global {
  namespace PDFKit.Mixins {
    interface PDFFont {
      /** pdfkit also accepts an already parsed fontkit font (see PDFFontFactory.open). */
      registerFont(name: string, src: fontkit.Font): this;
    }
  }
}

let fonts: { regular: fontkit.Font; bold: fontkit.Font } | null = null;

/**
 * The fonts, parsed once per process and shared by every document. Handing
 * pdfkit a file instead makes it parse the font again for each PDF, and
 * decoding DejaVu's layout tables then costs more than everything else put
 * together (see docs/benchmarks.md). Resolved from the working directory
 * because the built server's bundle lives elsewhere than the source.
 */
export function parsedFonts(): { regular: fontkit.Font; bold: fontkit.Font } {
  if (!fonts) {
    const dir = resolve(process.cwd(), 'src/lib/certificates/fonts');
    const open = (file: string): fontkit.Font => {
      const font = fontkit.create(readFileSync(resolve(dir, file)));
      if (!('layout' in font)) throw new Error(`${file} is a font collection, not a single font`);
      return font;
    };
    fonts = { regular: withLayoutMemo(open('DejaVuSans.ttf')), bold: withLayoutMemo(open('DejaVuSans-Bold.ttf')) };
  }
  return fonts;
}

/** Distinct texts remembered per font; past this the memo starts again, so memory stays bounded. */
const LAYOUT_MEMO_LIMIT = 5_000;

/**
 * The font with `layout` (OpenType shaping) remembered by text. Nearly every
 * word on a certificate is the same on each copy, and shaping them again for
 * every document was a third of the render time. pdfkit scales the glyph
 * positions it is given in place, so each call hands out fresh copies.
 */
function withLayoutMemo(font: fontkit.Font): fontkit.Font {
  const memo = new Map<string, fontkit.GlyphRun>();
  const layout = (text: string, features?: Parameters<fontkit.Font['layout']>[1]): fontkit.GlyphRun => {
    if (features !== undefined) return font.layout(text, features);
    let run = memo.get(text);
    if (!run) {
      if (memo.size >= LAYOUT_MEMO_LIMIT) memo.clear();
      run = font.layout(text);
      memo.set(text, run);
    }
    const copy: fontkit.GlyphRun = Object.create(Object.getPrototypeOf(run));
    return Object.assign(copy, run, { positions: run.positions.map((position) => ({ ...position })) });
  };
  return Object.assign(Object.create(font) as fontkit.Font, { layout });
}

/** Renders one certificate as a single-page A4 PDF. */
export function renderCertificatePdf(cert: PrintableCertificate): Promise<Buffer> {
  const { regular, bold } = parsedFonts();
  const doc = new PDFDocument({
    size: 'A4',
    // Our font as the default spares pdfkit parsing Helvetica's metrics for every
    // document (about 15% of the time). pdfkit accepts a fontkit font here; its
    // type definitions only know file names.
    font: regular as unknown as string,
    margin: MARGIN,
    lang: 'en-GB',
    displayTitle: true,
    tagged: true,
    // Tagged PDF (marked content and a structure tree) needs PDF 1.4 or later; 1.7 is what checkers expect.
    pdfVersion: '1.7',
    info: {
      Title: `CSE awareness training certificate ${formatCode(cert.code)}`,
      Author: config.authorityName,
      Subject: 'Child sexual exploitation awareness training for taxi and private hire drivers',
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolveDone, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolveDone(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // pdfkit caches the default font under its PostScript name, so that is how
  // the body text selects it: registering it again under another name makes
  // pdfkit re-open and compare the font on every switch back to it.
  doc.registerFont(BOLD, bold);
  drawCertificate(doc, cert, regular.postscriptName);
  doc.end();
  return done;
}

/**
 * The page in reading order. Each `tag` call draws one structure element, so
 * the order of the calls is the order a screen reader reads; `layout` marks
 * decoration that assistive technology should skip.
 */
function drawCertificate(doc: PDFKit.PDFDocument, cert: PrintableCertificate, body: string): void {
  const root = doc.struct('Document');
  doc.addStructure(root);
  const tag = (type: string, draw: () => void, options: PDFKit.Mixins.StructureElementOptions = {}): void => {
    root.add(doc.struct(type, options, draw));
  };
  const layout = (draw: () => void): void => {
    doc.markContent('Artifact', { type: 'Layout' });
    draw();
    doc.endMarkedContent();
  };

  layout(() => {
    doc
      .rect(MARGIN / 2, MARGIN / 2, PAGE.width - MARGIN, PAGE.height - MARGIN)
      .lineWidth(1)
      .stroke(RULE);
    doc.rect(MARGIN / 2, MARGIN / 2, PAGE.width - MARGIN, 10).fill(BRAND);
  });

  tag('P', () =>
    doc
      .fillColor(BRAND)
      .font(BOLD)
      .fontSize(15)
      .text(config.authorityName, MARGIN, MARGIN + 8, { width: CONTENT_WIDTH }),
  );
  tag('P', () =>
    doc.fillColor(MUTED).font(body).fontSize(10.5).text(config.licensingOffice.name, { width: CONTENT_WIDTH }),
  );

  tag('H1', () => doc.fillColor(INK).font(BOLD).fontSize(26).text('Certificate of training', MARGIN, 160, ONE_LINE));
  tag('P', () =>
    doc
      .font(body)
      .fontSize(13)
      .fillColor(MUTED)
      .text('Child sexual exploitation (CSE) awareness for taxi and private hire drivers', MARGIN, 193, ONE_LINE),
  );

  // Separate paragraphs, not one: text drawn in pieces has no space between them, so a screen reader would run the
  // words together ("that" and the name).
  tag('P', () => doc.fillColor(INK).font(body).fontSize(12).text('This certifies that', MARGIN, 262, ONE_LINE));
  tag('P', () => {
    doc.font(BOLD).fontSize(fitFontSize(doc, cert.holderName, 24, 14));
    doc.text(cert.holderName, MARGIN, 283, { width: CONTENT_WIDTH });
  });
  tag('P', () =>
    doc
      .font(body)
      .fontSize(12)
      .text(
        `has completed the child sexual exploitation awareness training that ${config.authorityName} requires of licensed drivers.`,
        MARGIN,
        doc.y + 8,
        { width: CONTENT_WIDTH },
      ),
  );

  const detailsTop = 400;
  layout(() =>
    doc
      .moveTo(MARGIN, detailsTop - 14)
      .lineTo(PAGE.width - MARGIN, detailsTop - 14)
      .lineWidth(0.75)
      .stroke(RULE),
  );
  const rows: Array<[string, string]> = [
    ['Badge number', cert.badgeNumber ?? 'None (applicant)'],
    ['Licence type', certificateHolderLabel(cert.licenceType)],
    ['Completed on', formatDate(cert.completedOn)],
    ['How completed', METHOD_DESCRIPTIONS[cert.kind]],
    ['Expires on', cert.expiresOn === null ? 'Does not expire' : formatDate(cert.expiresOn)],
  ];
  const labelWidth = 100;
  const valueWidth = 220;
  let y = detailsTop;
  const table = doc.struct('Table');
  root.add(table);
  for (const [label, value] of rows) {
    const rowTop = y;
    const row = doc.struct('TR');
    table.add(row);
    row.add(
      doc.struct('TH', {}, () =>
        doc
          .font(body)
          .fontSize(10.5)
          .fillColor(MUTED)
          .text(label, MARGIN, rowTop + 1, ONE_LINE),
      ),
    );
    row.add(
      doc.struct('TD', {}, () =>
        doc
          .font(BOLD)
          .fontSize(12)
          .fillColor(INK)
          .text(value, MARGIN + labelWidth, rowTop, { width: valueWidth }),
      ),
    );
    row.end();
    y = Math.max(doc.y, y + 16) + 14;
  }
  table.end();

  tag('P', () =>
    doc
      .font(body)
      .fontSize(10.5)
      .fillColor(MUTED)
      .text('Certificate code', MARGIN, y + 12, ONE_LINE),
  );
  tag('P', () =>
    doc
      .font(BOLD)
      .fontSize(22)
      .fillColor(INK)
      .text(formatCode(cert.code), MARGIN, y + 28, { ...ONE_LINE, characterSpacing: 1.5 }),
  );

  const qrSize = 140;
  const qrX = PAGE.width - MARGIN - qrSize;
  const url = verifyUrl(cert.code);
  tag('Figure', () => drawQrCode(doc, url, qrX, detailsTop, qrSize), {
    alt: `QR code that opens the check for this certificate: ${url}`,
  });
  tag('P', () =>
    doc
      .font(body)
      .fontSize(9)
      .fillColor(MUTED)
      .text('Scan to check this certificate', qrX, detailsTop + qrSize + 6, { width: qrSize, align: 'center' }),
  );

  const footTop = 705;
  layout(() =>
    doc
      .moveTo(MARGIN, footTop)
      .lineTo(PAGE.width - MARGIN, footTop)
      .lineWidth(0.75)
      .stroke(RULE),
  );
  tag('P', () =>
    doc
      .font(body)
      .fontSize(11)
      .fillColor(INK)
      .text(`Check this certificate at ${config.baseUrl}/verify/ using the code above.`, MARGIN, footTop + 16, {
        width: CONTENT_WIDTH,
      }),
  );
  tag('P', () =>
    doc
      .fontSize(9.5)
      .fillColor(MUTED)
      .text(
        'The check shows whether the certificate is valid, expired or revoked, with the holder’s name, badge number and dates as held by the licensing office. Trust the check, not the paper alone.',
        MARGIN,
        doc.y + 8,
        { width: CONTENT_WIDTH },
      ),
  );
  root.end();
}

/** The largest size, down to `min`, at which `text` fits on one line; below that it wraps. */
function fitFontSize(doc: PDFKit.PDFDocument, text: string, max: number, min: number): number {
  let size = max;
  while (size > min && doc.fontSize(size).widthOfString(text) > CONTENT_WIDTH) size -= 1;
  return size;
}

/**
 * Draws a QR code as filled squares. Dark modules next to each other in a
 * row become one rectangle, which keeps the file small and leaves no hairline
 * seams between modules when the page is rasterised.
 */
function drawQrCode(doc: PDFKit.PDFDocument, payload: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  const cell = size / (modules.size + 2 * quiet);
  for (let row = 0; row < modules.size; row += 1) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col += 1;
      doc.rect(x + (quiet + start) * cell, y + (quiet + row) * cell, (col - start) * cell, cell);
    }
  }
  doc.fill(INK);
}

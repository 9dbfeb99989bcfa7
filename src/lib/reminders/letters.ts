/**
 * The print room's letters: one A4 PDF, one page per driver, folded into a
 * DL window envelope. pdfkit streams the document to a file as each page is
 * finished, so a campaign of thousands of letters never sits in memory.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { parsedFonts } from '../certificates/pdf.ts';
import { today } from '../clock.ts';
import { config } from '../config.ts';
import type { DriverStatus } from '../training/status.ts';
import { formatDate, STATUS_LABELS } from '../format.ts';
import type { ReminderText } from './texts.ts';

/** One letter's facts. */
export interface Letter {
  name: string;
  /** Address lines below the name, postcode last. */
  address: string[];
  badgeNumber: string;
  status: DriverStatus;
  /** The day the driver's completion expires, for an `expiring` reminder. */
  expiresOn: string | null;
  text: ReminderText;
}

const MM = 72 / 25.4;
const PAGE_WIDTH = 595.28;
const MARGIN = 25 * MM;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
/**
 * The address panel of a DL window envelope (110 × 220 mm, window about
 * 90 × 35 mm, 20 mm from the left and 15 mm up from the bottom) for an A4
 * sheet folded in three: the panel sits 25 mm in and 50 mm down.
 */
const ADDRESS = { x: 25 * MM, y: 50 * MM, width: 85 * MM };
const INK = '#0b0c0c';
const MUTED = '#484949';
const BOLD = 'Bold';
/** Pages between pauses that let the server answer other requests while a long PDF is made. */
const PAGES_PER_PAUSE = 20;

function drawLetter(doc: PDFKit.PDFDocument, letter: Letter, body: string, dated: string): void {
  doc
    .font(BOLD)
    .fontSize(12)
    .fillColor(INK)
    .text(config.authorityName, MARGIN, 20 * MM, { width: CONTENT_WIDTH, align: 'right' });
  doc
    .font(body)
    .fontSize(10)
    .fillColor(MUTED)
    .text(config.licensingOffice.name, { width: CONTENT_WIDTH, align: 'right' });
  doc.text(dated, { width: CONTENT_WIDTH, align: 'right' });

  doc.font(body).fontSize(11).fillColor(INK);
  doc.text([letter.name, ...letter.address].join('\n'), ADDRESS.x, ADDRESS.y, { width: ADDRESS.width, lineGap: 1 });

  let y = 100 * MM;
  doc.font(BOLD).fontSize(14).text(letter.text.subject, MARGIN, y, { width: CONTENT_WIDTH });
  y = doc.y + 8;
  const facts: Array<[string, string]> = [
    ['Badge number', letter.badgeNumber],
    ['Training status', STATUS_LABELS[letter.status]],
    letter.expiresOn ? ['Completion expires', formatDate(letter.expiresOn)] : ['Deadline', formatDate(config.deadline)],
    ['Website', `${config.baseUrl}/register`],
  ];
  for (const [label, value] of facts) {
    doc.font(body).fontSize(10).fillColor(MUTED).text(label, MARGIN, y, { lineBreak: false });
    doc
      .font(BOLD)
      .fontSize(10)
      .fillColor(INK)
      .text(value, MARGIN + 38 * MM, y, { width: CONTENT_WIDTH - 38 * MM });
    y = doc.y + 3;
  }
  doc.font(body).fontSize(10.5).fillColor(INK);
  doc.text(letter.text.body, MARGIN, y + 10, { width: CONTENT_WIDTH, lineGap: 1 });
}

/**
 * Writes the letters to `path` as one PDF (via a `.part` file renamed when
 * complete, so a crash never leaves a half PDF under the real name) and
 * calls `onProgress` with the number of pages made so far. Resolves to the
 * page count.
 */
export async function writeLettersPdf(
  letters: Iterable<Letter>,
  path: string,
  onProgress: (made: number) => void = () => {},
): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const { regular, bold } = parsedFonts();
  const doc = new PDFDocument({
    size: 'A4',
    autoFirstPage: false,
    font: regular as unknown as string,
    margin: MARGIN,
    lang: 'en-GB',
    info: { Title: 'Training reminder letters', Author: config.authorityName },
  });
  doc.registerFont(BOLD, bold);
  const part = `${path}.part`;
  const out = createWriteStream(part, { mode: 0o600 });
  const finished = new Promise<void>((ok, fail) => {
    out.on('finish', ok);
    out.on('error', fail);
    doc.on('error', fail);
  });
  doc.pipe(out);
  const dated = formatDate(today());
  let made = 0;
  for (const letter of letters) {
    doc.addPage();
    drawLetter(doc, letter, regular.postscriptName, dated);
    made += 1;
    if (made % PAGES_PER_PAUSE === 0) {
      onProgress(made);
      await new Promise((resume) => setImmediate(resume));
    }
  }
  doc.end();
  await finished;
  await rename(part, path);
  onProgress(made);
  return made;
}

/** The letters PDF of a campaign. */
export function lettersPath(campaignId: number): string {
  return join(config.reminders.lettersDir, `campaign-${campaignId}.pdf`);
}

/** The campaign's finished letters PDF as a web stream with its size, or null when it has not been made. */
export function openLetters(campaignId: number): { stream: ReadableStream; size: number } | null {
  const path = lettersPath(campaignId);
  try {
    const { size } = statSync(path);
    return { stream: Readable.toWeb(createReadStream(path)) as ReadableStream, size };
  } catch {
    return null;
  }
}

/**
 * The HTTP side of downloading a certificate. The file name includes the
 * holder's name, which can contain anything a register or an applicant
 * typed: quotes, path separators, line breaks, right-to-left overrides. Two
 * names are sent (RFC 6266): an ASCII-only fallback built from letters and
 * digits alone, and the full UTF-8 name with every control, bidi and path
 * character removed, percent-encoded by `content-disposition`.
 */
import { create as contentDisposition } from 'content-disposition';
import { formatCode } from './code.ts';

/** C0/C1 controls, bidi marks and overrides, and characters file systems or headers treat specially. */
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"\\/<>:|?*]/gu;

/** Letters NFKD does not decompose into ASCII, so the fallback keeps them readable. */
const ASCII_LOOKALIKES: Record<string, string> = {
  Ł: 'L',
  ł: 'l',
  Ø: 'O',
  ø: 'o',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ß: 'ss',
  Æ: 'AE',
  æ: 'ae',
  Œ: 'OE',
  œ: 'oe',
  Þ: 'Th',
  þ: 'th',
  Ð: 'D',
  ð: 'd',
  ı: 'i',
};

const MAX_NAME_LENGTH = 60;

/** The holder's name as a US-ASCII slug of letters, digits and dashes (may be empty, e.g. for a name in Arabic script). */
export function asciiSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x00-\x7f]/g, (ch) => ASCII_LOOKALIKES[ch] ?? '-')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .slice(0, MAX_NAME_LENGTH)
    .replace(/^-+|-+$/g, '');
}

/** The holder's name with anything unsafe in a file name removed, whitespace collapsed. */
export function safeDisplayName(name: string): string {
  return name
    .normalize('NFC')
    .replace(UNSAFE_IN_NAME, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, MAX_NAME_LENGTH)
    .trim();
}

/** The two file names for a certificate: `ascii` for old clients, `unicode` for the rest. */
export function certificateFileNames(holderName: string, code: string): { ascii: string; unicode: string } {
  const grouped = formatCode(code);
  const slug = asciiSlug(holderName);
  const display = safeDisplayName(holderName);
  return {
    ascii: `cse-certificate-${slug ? `${slug}-` : ''}${grouped}.pdf`,
    unicode: `CSE certificate ${display ? `${display} ` : ''}${grouped}.pdf`,
  };
}

/** The headers for a certificate PDF download: never cached, always an attachment. */
export function certificateDownloadHeaders(
  cert: { holderName: string; code: string },
  byteLength: number,
): Record<string, string> {
  const names = certificateFileNames(cert.holderName, cert.code);
  return {
    'Content-Type': 'application/pdf',
    'Content-Length': String(byteLength),
    'Content-Disposition': contentDisposition(names.unicode, { type: 'attachment', fallback: names.ascii }),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
}

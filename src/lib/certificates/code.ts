/**
 * Certificate codes: 12 symbols from a 32-symbol alphabet (60 bits), so a
 * code cannot be guessed, yet a person can read it off paper and type it.
 * The alphabet leaves out 0, O, 1 and I, which are easy to confuse.
 * Codes are stored without dashes and shown grouped as `XXXX-XXXX-XXXX`.
 */
import { config } from '../config.ts';

export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_LENGTH = 12;
const GROUP = 4;

/**
 * A new random code (ungrouped). Each symbol takes the low 5 bits of one
 * random byte: 256 is a multiple of 32, so every symbol is equally likely.
 */
export function generateCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(CODE_LENGTH));
  let code = '';
  for (const byte of bytes) code += CODE_ALPHABET[byte & 31];
  return code;
}

/** A stored code as people see it: `K7QF-3MXD-9TPA`. */
export function formatCode(code: string): string {
  const groups: string[] = [];
  for (let i = 0; i < code.length; i += GROUP) groups.push(code.slice(i, i + GROUP));
  return groups.join('-');
}

/**
 * Turns what someone typed or scanned into a stored code, ignoring case,
 * spaces and dashes; null when it cannot be a code (wrong length or a
 * symbol outside the alphabet, such as O or 1).
 */
export function normaliseCode(input: string): string | null {
  const compact = input.replace(/[\s\-\u2010-\u2015]/g, '').toUpperCase();
  if (compact.length !== CODE_LENGTH) return null;
  for (const symbol of compact) if (!CODE_ALPHABET.includes(symbol)) return null;
  return compact;
}

/** The public address that checks a certificate; the QR code on the paper points here. */
export function verifyUrl(code: string): string {
  return `${config.baseUrl}/verify/${formatCode(code)}`;
}

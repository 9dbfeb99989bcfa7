import { describe, expect, it } from 'vitest';
import {
  CODE_ALPHABET,
  CODE_LENGTH,
  formatCode,
  generateCode,
  normaliseCode,
  verifyUrl,
} from '../../src/lib/certificates/code.ts';
import { config } from '../../src/lib/config.ts';

describe('certificate codes', () => {
  it('uses 32 unambiguous symbols: no 0, O, 1 or I', () => {
    expect(new Set(CODE_ALPHABET).size).toBe(32);
    for (const confusable of ['0', 'O', '1', 'I']) expect(CODE_ALPHABET).not.toContain(confusable);
  });

  it('makes 12-symbol codes (60 bits) from the alphabet only', () => {
    expect(CODE_LENGTH * Math.log2(CODE_ALPHABET.length)).toBe(60);
    for (let i = 0; i < 500; i += 1) {
      const code = generateCode();
      expect(code).toMatch(/^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{12}$/);
    }
  });

  it('spreads symbols evenly and does not repeat codes', () => {
    const counts = new Map<string, number>();
    const codes = new Set<string>();
    const n = 4000;
    for (let i = 0; i < n; i += 1) {
      const code = generateCode();
      codes.add(code);
      for (const symbol of code) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    }
    expect(codes.size).toBe(n);
    expect(counts.size).toBe(32);
    // 48,000 symbols, 1,500 expected each (standard deviation about 38): a skewed
    // mapping from random bytes to symbols would push some far outside this band.
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(1300);
      expect(count).toBeLessThan(1700);
    }
  });

  it('shows codes grouped in fours', () => {
    expect(formatCode('K7QF3MXD9TPA')).toBe('K7QF-3MXD-9TPA');
  });

  it('accepts typed codes in any case, with or without dashes and spaces', () => {
    for (const typed of ['K7QF-3MXD-9TPA', 'k7qf3mxd9tpa', ' k7qf 3mxd 9tpa ', 'K7QF–3MXD–9TPA', 'k7qf-3MXD9tpa']) {
      expect(normaliseCode(typed)).toBe('K7QF3MXD9TPA');
    }
  });

  it('rejects what cannot be a code', () => {
    for (const typed of [
      '',
      'K7QF-3MXD',
      'K7QF-3MXD-9TPAX',
      'K7QF-3MXD-9TP0',
      'K7QF-3MXD-9TPO',
      'K7QF-3MXD-9TP1',
      'K7QF-3MXD-9TPI',
      'K7QF/3MXD/9TPA',
      '../../etc/passwd',
    ]) {
      expect(normaliseCode(typed)).toBeNull();
    }
  });

  it('points the QR code at the public verify page', () => {
    expect(verifyUrl('K7QF3MXD9TPA')).toBe(`${config.baseUrl}/verify/K7QF-3MXD-9TPA`);
  });
});

import { parse } from 'content-disposition';
import { describe, expect, it } from 'vitest';
import { certificateDownloadHeaders, certificateFileNames } from '../../src/lib/certificates/download.ts';

const code = 'K7QF3MXD9TPA';

describe('certificate download headers', () => {
  const hostile = [
    'Zoë Ó Súilleabháin-Łukasiewicz',
    'Jane "JJ" O\'Neil',
    '../../etc/passwd',
    '..\\..\\windows\\system32',
    'Eve\r\nSet-Cookie: session=stolen',
    'Mallory\u202Efdp.exe',
    'محمد علي',
    '张伟',
    '',
    '....',
  ];

  for (const name of hostile) {
    it(`is one well-formed attachment header for ${JSON.stringify(name)}`, () => {
      const headers = certificateDownloadHeaders({ holderName: name, code }, 1234);
      const value = headers['Content-Disposition']!;
      expect(value).not.toMatch(/[\r\n\u0000-\u001f\u007f]/);
      expect(value).toMatch(/^[\x20-\x7e]+$/);
      const parsed = parse(value);
      expect(parsed.type).toBe('attachment');
      const fallback = value.match(/filename=("?)([^";]*)\1(;|$)/)?.[2] ?? '';
      expect(fallback).toMatch(/^cse-certificate-[A-Za-z0-9-]*K7QF-3MXD-9TPA\.pdf$/);
      expect(fallback).not.toMatch(/["/\\]|\.\./);
      const unicode = parsed.parameters.filename!;
      expect(unicode.endsWith('K7QF-3MXD-9TPA.pdf')).toBe(true);
      expect(unicode).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069"/\\]/);
      expect(headers['Content-Type']).toBe('application/pdf');
      expect(headers['Cache-Control']).toBe('no-store');
      expect(headers['Content-Length']).toBe('1234');
    });
  }

  it('keeps the name readable in both file names', () => {
    expect(certificateFileNames('Zoë Ó Súilleabháin-Łukasiewicz', code)).toEqual({
      ascii: 'cse-certificate-Zoe-O-Suilleabhain-Lukasiewicz-K7QF-3MXD-9TPA.pdf',
      unicode: 'CSE certificate Zoë Ó Súilleabháin-Łukasiewicz K7QF-3MXD-9TPA.pdf',
    });
  });
});

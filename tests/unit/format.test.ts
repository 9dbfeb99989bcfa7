import { describe, expect, it } from 'vitest';
import {
  certificateHolderLabel,
  formatCount,
  formatDate,
  formatUkDateTime,
  licenceLabel,
  LICENCE_TYPE_LABELS,
} from '../../src/lib/format.ts';

describe('format', () => {
  it('writes dates the GOV.UK way: day first, month in words, no ordinal', () => {
    expect(formatDate('2016-09-01')).toBe('1 September 2016');
    expect(formatDate('2026-11-27')).toBe('27 November 2026');
    expect(formatDate(null)).toBe('');
  });

  it('writes counts with separators and instants in UK local time', () => {
    expect(formatCount(1757)).toBe('1,757');
    // 17:46 UTC in November is 17:46 in London; in July it would be an hour later.
    expect(formatUkDateTime(Date.UTC(2026, 10, 27, 17, 46))).toBe('27 Nov 2026, 17:46');
    expect(formatUkDateTime(Date.UTC(2026, 6, 1, 17, 46))).toBe('1 Jul 2026, 18:46');
  });

  it('uses one set of licence words for officer pages, exports and certificates', () => {
    expect(licenceLabel('private_hire')).toBe(LICENCE_TYPE_LABELS.private_hire);
    expect(certificateHolderLabel('private_hire')).toBe('Private hire driver');
    expect(certificateHolderLabel('dual')).toBe('Dual (hackney carriage and private hire) driver');
    expect(certificateHolderLabel(null)).toBe('Applicant (not yet licensed)');
    expect(licenceLabel('something_new')).toBe('something_new');
  });
});

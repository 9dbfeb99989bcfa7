import { describe, expect, it } from 'vitest';
import * as format from '../../src/lib/format.ts';

describe('format', () => {
  it('writes dates the GOV.UK way: day first, month in words, no ordinal', () => {
    expect(format.formatDate('2016-09-01')).toBe('1 September 2016');
    expect(format.formatDate('2026-11-27')).toBe('27 November 2026');
    expect(format.formatDate(null)).toBe('');
  });

  it('writes months in full for the chart table and short for its axis', () => {
    expect(format.formatMonth('2016-09')).toBe('September 2016');
    expect(format.formatMonth('2016-09', 'short')).toBe('Sep 2016');
  });

  it('writes counts with separators and instants in UK local time', () => {
    expect(format.formatCount(1757)).toBe('1,757');
    // 17:46 UTC in November is 17:46 in London; in July it would be an hour later.
    expect(format.formatUkDateTime(Date.UTC(2026, 10, 27, 17, 46))).toBe('27 Nov 2026, 17:46');
    expect(format.formatUkDateTime(Date.UTC(2026, 6, 1, 17, 46))).toBe('1 Jul 2026, 18:46');
  });

  it('uses one set of licence words for officer pages, exports and certificates', () => {
    expect(format.licenceLabel('private_hire')).toBe(format.LICENCE_TYPE_LABELS.private_hire);
    expect(format.certificateHolderLabel('private_hire')).toBe('Private hire driver');
    expect(format.certificateHolderLabel('dual')).toBe('Dual (hackney carriage and private hire) driver');
    expect(format.certificateHolderLabel(null)).toBe('Applicant (not yet licensed)');
    expect(format.licenceLabel('something_new')).toBe('something_new');
  });

  it('writes an audit action in words', () => {
    expect(format.auditActionLabel('certificate_revoked')).toBe('certificate revoked');
  });
});

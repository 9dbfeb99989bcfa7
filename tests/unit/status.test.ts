import { describe, expect, it } from 'vitest';
import { completionExpiresOn, deriveStatus, type StatusFacts } from '../../src/lib/training/status.ts';

const settings = { deadline: '2016-09-01', refresherMonths: 36 };
const fresh: StatusFacts = { isApplicant: false, lastCompletedOn: null, hasStarted: false };

describe('deriveStatus', () => {
  it('is not_started for a driver who has done nothing before the deadline', () => {
    expect(deriveStatus(fresh, settings, '2016-08-31')).toBe('not_started');
  });

  it('is in_progress once a module is started, up to and including the deadline day', () => {
    const started = { ...fresh, hasStarted: true };
    expect(deriveStatus(started, settings, '2016-08-31')).toBe('in_progress');
    expect(deriveStatus(started, settings, '2016-09-01')).toBe('in_progress');
  });

  it('is overdue from the day after the deadline, started or not', () => {
    expect(deriveStatus(fresh, settings, '2016-09-01')).toBe('not_started');
    expect(deriveStatus(fresh, settings, '2016-09-02')).toBe('overdue');
    expect(deriveStatus({ ...fresh, hasStarted: true }, settings, '2016-09-02')).toBe('overdue');
  });

  it('never makes an applicant overdue', () => {
    expect(deriveStatus({ ...fresh, isApplicant: true }, settings, '2020-01-01')).toBe('not_started');
    expect(deriveStatus({ ...fresh, isApplicant: true, hasStarted: true }, settings, '2020-01-01')).toBe('in_progress');
  });

  it('is completed with a completion, even after the deadline', () => {
    const done = { ...fresh, lastCompletedOn: '2016-08-30' };
    expect(deriveStatus(done, settings, '2016-08-31')).toBe('completed');
    expect(deriveStatus(done, settings, '2016-09-02')).toBe('completed');
  });

  it('is expired from the refresher date on, and completed the day before', () => {
    const done = { ...fresh, lastCompletedOn: '2016-08-30' };
    expect(completionExpiresOn('2016-08-30', 36)).toBe('2019-08-30');
    expect(deriveStatus(done, settings, '2019-08-29')).toBe('completed');
    expect(deriveStatus(done, settings, '2019-08-30')).toBe('expired');
  });

  it('never expires when the refresher period is 0', () => {
    const done = { ...fresh, lastCompletedOn: '2016-08-30' };
    expect(completionExpiresOn('2016-08-30', 0)).toBeNull();
    expect(deriveStatus(done, { ...settings, refresherMonths: 0 }, '2040-01-01')).toBe('completed');
  });

  it('clamps month ends when adding the refresher period', () => {
    expect(completionExpiresOn('2016-02-29', 12)).toBe('2017-02-28');
  });
});

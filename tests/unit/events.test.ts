import { describe, expect, it } from 'vitest';
import { eventAudienceLabel, splitEvents } from '../../src/lib/content/events.ts';

const ev = (id: string, date: string, endDate?: string) => ({ id, data: { date, endDate } });

describe('splitEvents', () => {
  const events = [
    ev('conference', '2016-06-22'),
    ev('aap', '2016-03-01', '2016-11-30'),
    ev('pathways', '2016-04-26'),
    ev('next-year', '2017-02-10'),
    ev('soon', '2016-07-20'),
  ];

  it('puts upcoming events soonest first and past events most recent first', () => {
    const { upcoming, past } = splitEvents(events, '2016-07-13');
    expect(upcoming.map((e) => e.id)).toEqual(['aap', 'soon', 'next-year']);
    expect(past.map((e) => e.id)).toEqual(['conference', 'pathways']);
  });

  it('keeps a one-day event upcoming on its own day and moves it to past the day after', () => {
    expect(splitEvents(events, '2016-06-22').upcoming.map((e) => e.id)).toContain('conference');
    expect(splitEvents(events, '2016-06-23').past.map((e) => e.id)).toContain('conference');
  });

  it('keeps a multi-day event upcoming until its end date has passed', () => {
    expect(splitEvents(events, '2016-11-30').upcoming.map((e) => e.id)).toContain('aap');
    expect(splitEvents(events, '2016-12-01').past.map((e) => e.id)).toEqual(['aap', 'soon', 'conference', 'pathways']);
  });
});

describe('eventAudienceLabel', () => {
  it('names each audience tag in words', () => {
    expect(eventAudienceLabel('professionals')).toBe('Professionals');
    expect(eventAudienceLabel('young-people')).toBe('Young people');
    expect(eventAudienceLabel('taxi-drivers')).toBe('Taxi drivers');
    expect(eventAudienceLabel('everyone')).toBe('Everyone');
  });
});

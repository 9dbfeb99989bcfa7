import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FINDER_STEPS, FIRST_STEP, type Step } from '../../src/lib/help/finder.ts';

function stepById(id: string): Step {
  const step = FINDER_STEPS.find((s) => s.id === id);
  if (!step) throw new Error(`no step ${id}`);
  return step;
}

/** Follows answers by label from the first question. */
function follow(...labels: string[]): Step {
  let step = stepById(FIRST_STEP);
  for (const label of labels) {
    if (step.kind !== 'question') throw new Error(`"${label}" follows a result`);
    const answer = step.answers.find((a) => a.label === label);
    if (!answer) throw new Error(`"${step.question}" has no answer "${label}"`);
    step = stepById(answer.to);
  }
  return step;
}

describe('who should I contact', () => {
  it('has unique anchors and every answer leads to a step that exists', () => {
    const ids = FINDER_STEPS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const step of FINDER_STEPS) {
      if (step.kind === 'question') for (const a of step.answers) expect(ids, `${step.id} → ${a.to}`).toContain(a.to);
    }
  });

  it('reaches every step from the first question, and every path ends in a result', () => {
    const seen = new Set<string>();
    const walk = (id: string, depth: number): void => {
      expect(depth, `path through ${id} is too long`).toBeLessThan(6);
      seen.add(id);
      const step = stepById(id);
      if (step.kind === 'question') for (const a of step.answers) walk(a.to, depth + 1);
    };
    walk(FIRST_STEP, 0);
    expect([...seen].sort()).toEqual(FINDER_STEPS.map((s) => s.id).sort());
  });

  it('names only contact routes that have a content file', () => {
    for (const step of FINDER_STEPS) {
      if (step.kind !== 'result') continue;
      expect(step.contacts.length, step.id).toBeGreaterThan(0);
      for (const id of step.contacts)
        expect(existsSync(`content/contacts/${id}.yaml`), `${step.id} names ${id}`).toBe(true);
    }
  });

  it('sends anyone in danger now straight to 999', () => {
    const result = follow('Yes, someone is in danger now');
    expect(result.kind === 'result' && result.contacts).toEqual(['emergency']);
  });

  it('sends an under-18 with an online worry to CEOP and Childline', () => {
    const result = follow('No, not right now', 'Under 18', 'Yes, online or pictures');
    expect(result.kind === 'result' && result.contacts).toEqual(
      expect.arrayContaining(['ceop', 'childline', 'report-remove']),
    );
  });

  it('offers an adult who wants to stay anonymous the NSPCC Helpline and Crimestoppers, both anonymous', () => {
    const result = follow('No, not right now', '18 or over', 'Yes, I do not want to give my name');
    expect(result.kind === 'result' && result.contacts).toEqual(['nspcc-helpline', 'crimestoppers']);
  });

  it('sends an adult with an offline worry to children’s services and the police', () => {
    const result = follow('No, not right now', '18 or over', 'No, I can give my name', 'No, not online');
    expect(result.kind === 'result' && result.contacts).toEqual(
      expect.arrayContaining(['childrens-services', 'police-101']),
    );
  });
});

/**
 * The one rule the course teaches everywhere: a child in danger now means 999; a concern means 101, First
 * Contact or the licensing office. Every scenario, story and question is marked `emergency` or `concern`,
 * and its right answer must follow the rule.
 */
import { describe, expect, it } from 'vitest';
import { questionSchema, type Urgency } from '../../src/lib/content/course-schemas.ts';
import { readModules, readQuestionBank } from './support/course-files.ts';

const modules = readModules();
const bank = readQuestionBank();

/** The actions a right answer must name for each urgency. */
const REQUIRED: Record<Urgency, RegExp> = {
  emergency: /\b999\b/,
  concern: /\b101\b|First Contact|licensing office/i,
};

/** Why a right answer breaks the rule, or null when it follows it. */
function ruleBroken(urgency: Urgency, answer: string): string | null {
  return REQUIRED[urgency].test(answer)
    ? null
    : `a ${urgency} answer must name ${REQUIRED[urgency].source}: "${answer}"`;
}

/** The stories in the practice module: each `## ` section that says how urgent it is. */
function stories(): Array<{ title: string; urgency: Urgency; action: string }> {
  const practice = modules.find((m) => m.slug === 'scenarios');
  if (!practice) return [];
  return practice.sections.flatMap((section) => {
    const how = /\*\*How urgent:\*\* an? (emergency|concern)\b/.exec(section);
    if (!how) return [];
    const action = /\*\*What a good driver does:\*\*([\s\S]*?)(?:\n\n|$)/.exec(section);
    return [{ title: section.split('\n')[0]!, urgency: how[1] as Urgency, action: action?.[1] ?? '' }];
  });
}

describe('the 999 / 101 rule', () => {
  it('marks every question with an urgency; the schema refuses a question without one or with another value', () => {
    for (const q of bank) expect(['emergency', 'concern'], q.id).toContain(q.urgency);
    const base = {
      id: 'x-y',
      module: 'what-to-do',
      question: 'A test question?',
      explanation: 'Because it is.',
      options: [
        { id: 'a', text: 'Call 999', correct: true },
        { id: 'b', text: 'Call 101' },
        { id: 'c', text: 'Nothing' },
      ],
    };
    expect(questionSchema.safeParse(base).success).toBe(false);
    expect(questionSchema.safeParse({ ...base, urgency: 'knowledge' }).success).toBe(false);
    expect(questionSchema.safeParse({ ...base, urgency: 'emergency' }).success).toBe(true);
  });

  it('names 999 in the right answer to every emergency question, and 101, First Contact or licensing for a concern', () => {
    const broken = bank.flatMap((q) => {
      const why = ruleBroken(q.urgency, q.options.find((o) => o.correct)!.text);
      return why ? [`${q.id}: ${why}`] : [];
    });
    expect(broken).toEqual([]);
  });

  it('follows the rule in the best choice of every module scenario', () => {
    const broken = modules.flatMap((m) => {
      const why = ruleBroken(m.data.scenario.urgency, m.data.scenario.choices.find((c) => c.best)!.text);
      return why ? [`${m.slug}: ${why}`] : [];
    });
    expect(broken).toEqual([]);
  });

  it('says how urgent every story in the practice module is, and what a good driver does follows the rule', () => {
    const practice = modules.find((m) => m.slug === 'scenarios')!;
    const told = stories();
    // Every section but the opening "how to use these stories" is a story.
    expect(told).toHaveLength(practice.sections.length - 1);
    for (const story of told) expect(ruleBroken(story.urgency, story.action), story.title).toBeNull();
  });

  it('teaches both kinds: the bank has emergency and concern questions in good numbers', () => {
    const emergencies = bank.filter((q) => q.urgency === 'emergency').length;
    expect(emergencies).toBeGreaterThanOrEqual(bank.length / 4);
    expect(bank.length - emergencies).toBeGreaterThanOrEqual(bank.length / 4);
  });

  it('states the rule in one sentence at the top of the what-to-do module', () => {
    const first = modules.find((m) => m.slug === 'what-to-do')!.sections[0]!;
    const paragraph = first.split('\n\n').find((p) => !p.startsWith('#') && /999/.test(p) && /101/.test(p));
    const sentence = (paragraph ?? '').replace(/\*\*/g, '').replace(/\s+/g, ' ').trim();
    expect(sentence).toMatch(/danger now, call 999.*101, First Contact or the licensing office/);
    expect(sentence.split(/[.!?](?: |$)/).filter(Boolean)).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import type { CourseModule, FoundModule } from '../../src/lib/training/course.ts';
import { answerScenario, continueTarget, openSection, visitScenario } from '../../src/lib/training/module-steps.ts';
import { recordContinue, recordScenarioAnswer } from '../../src/lib/training/progress.ts';
import { eachTestWithDriver } from './certificates-fixtures.ts';

/** A module of `sectionCount` sections whose scenario offers `a` (the best answer) and `b`. */
function courseModule(slug: string, order: number, sectionCount: number): CourseModule {
  const choice = (id: string, best: boolean) => ({ id, text: `Choice ${id}`, feedback: `Feedback on ${id}`, best });
  return {
    slug,
    order,
    title: `Module ${order}`,
    summary: 'A module made up for the test.',
    minutes: 5,
    sources: [],
    scenario: { question: 'What would you do?', urgency: 'concern', choices: [choice('a', true), choice('b', false)] },
    sections: Array.from({ length: sectionCount }, (_, i) => ({ titleHtml: `Part ${i + 1}`, html: '<p>Text</p>' })),
  };
}

const modules = [courseModule('first', 1, 3), courseModule('second', 2, 1), courseModule('third', 3, 1)];
/** The module at `index` as a module page finds it. */
function found(index: number): FoundModule {
  const module = modules[index]!;
  return {
    modules,
    module,
    shape: { slug: module.slug, sectionCount: module.sections.length, choiceIds: ['a', 'b'] },
  };
}

/** Reads every section of the module at `index` and answers its scenario. */
function complete(index: number): void {
  const { shape } = found(index);
  for (let i = 0; i < shape.sectionCount; i += 1) recordContinue(userId, shape, i);
  recordScenarioAnswer(userId, shape, 'b');
}

let userId: number;
eachTestWithDriver((fixture) => ({ userId } = fixture));

describe('the module page', () => {
  it('leads Continue to the next section, then to the scenario after the last', () => {
    const { shape } = found(0);
    expect(continueTarget(userId, shape, { section: '1' })).toBe('/training/first/?section=2');
    expect(continueTarget(userId, shape, { section: '2' })).toBe('/training/first/?section=3');
    expect(continueTarget(userId, shape, { section: '3' })).toBe('/training/first/scenario');
  });

  it('sends a Continue for a section not yet open back to the furthest open one, and one for no section to the first', () => {
    const { shape } = found(0);
    continueTarget(userId, shape, { section: '1' });
    expect(continueTarget(userId, shape, { section: '3' })).toBe('/training/first/?section=2');
    expect(continueTarget(userId, shape, { section: '9' })).toBe('/training/first/?section=1');
    expect(continueTarget(userId, shape, {})).toBe('/training/first/?section=1');
  });

  it('opens the section asked for up to the furthest open one, and redirects beyond it', () => {
    const { module } = found(0);
    expect(openSection(userId, module, null)).toMatchObject({ index: 0, open: 0, isLast: false, state: 'not_started' });
    expect(openSection(userId, module, '2')).toEqual({ redirect: '/training/first/?section=1' });
    recordContinue(userId, found(0).shape, 0);
    recordContinue(userId, found(0).shape, 1);
    expect(openSection(userId, module, '1')).toMatchObject({ index: 0, open: 2, state: 'in_progress' });
    expect(openSection(userId, module, 'x')).toMatchObject({ index: 0 });
    expect(openSection(userId, module, '3')).toMatchObject({ section: module.sections[2], isLast: true });
  });
});

describe('the scenario page', () => {
  it('is closed until the last section is reached', () => {
    expect(visitScenario(userId, found(0), true)).toEqual({ redirect: '/training/first/?section=1' });
    expect(answerScenario(userId, found(0), { choice: 'a' })).toEqual({ redirect: '/training/first/?section=1' });
  });

  it('asks for a choice when none of the scenario is posted, and shows the feedback on a recorded one', () => {
    recordContinue(userId, found(1).shape, 0);
    expect(answerScenario(userId, found(1), {})).toEqual({ error: 'Choose an answer' });
    expect(answerScenario(userId, found(1), { choice: 'z' })).toEqual({ error: 'Choose an answer' });
    expect(visitScenario(userId, found(1), true)).toMatchObject({ answered: undefined });
    expect(answerScenario(userId, found(1), { choice: 'b' })).toEqual({ redirect: '/training/second/scenario' });
    expect(visitScenario(userId, found(1), true)).toMatchObject({ answered: { id: 'b' } });
    expect(visitScenario(userId, found(1), false)).toMatchObject({ answered: undefined });
  });

  it('leads on to the next unfinished module, else the course, and the assessment once all are complete', () => {
    complete(0);
    const next = (index: number) => (visitScenario(userId, found(index), true) as { next: unknown }).next;
    expect(next(0)).toEqual({ href: '/training/second/', label: 'Next module: Module 2' });
    complete(2);
    expect(next(0)).toEqual({ href: '/training/second/', label: 'Next module: Module 2' });
    expect(next(2)).toEqual({ href: '/training/', label: 'Back to your training' });
    complete(1);
    expect(next(2)).toEqual({ href: '/training/assessment/', label: 'Go to the assessment' });
  });
});

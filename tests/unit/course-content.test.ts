import { describe, expect, it } from 'vitest';
import { RESERVED_MODULE_SLUGS, questionSchema } from '../../src/lib/content/course-schemas.ts';
import { plainText, splitSections, termsUsedIn } from '../../src/lib/training/sections.ts';
import { readGlossary, readModules, readQuestionBank, wordCount } from './support/course-files.ts';

const modules = readModules();
const bank = readQuestionBank();
const glossary = readGlossary();

describe('course content', () => {
  it('has at least six modules with unique slugs and orders, none taking a reserved path', () => {
    expect(modules.length).toBeGreaterThanOrEqual(6);
    expect(new Set(modules.map((m) => m.slug)).size).toBe(modules.length);
    expect(new Set(modules.map((m) => m.data.order)).size).toBe(modules.length);
    for (const m of modules) expect(RESERVED_MODULE_SLUGS).not.toContain(m.slug);
  });

  it('splits every module into short sections and keeps it to 300–700 words', () => {
    for (const m of modules) {
      expect(m.sections.length, m.slug).toBeGreaterThanOrEqual(3);
      expect(wordCount(m.body), m.slug).toBeGreaterThanOrEqual(300);
      expect(wordCount(m.body), m.slug).toBeLessThanOrEqual(700);
      for (const s of m.sections) expect(wordCount(s), `${m.slug}: ${s.slice(0, 40)}`).toBeLessThanOrEqual(200);
    }
  });

  it('ends every module with a scenario: one best choice, and feedback for every choice', () => {
    for (const m of modules) {
      expect(
        m.data.scenario.choices.filter((c) => c.best),
        m.slug,
      ).toHaveLength(1);
      for (const c of m.data.scenario.choices) expect(c.feedback.length, `${m.slug}/${c.id}`).toBeGreaterThan(20);
    }
  });

  it('cites sources on every module', () => {
    for (const m of modules) expect(m.data.sources.length, m.slug).toBeGreaterThanOrEqual(1);
  });

  it('has a bank of at least 60 questions with unique ids, each tagged with a real module', () => {
    expect(bank.length).toBeGreaterThanOrEqual(60);
    expect(new Set(bank.map((q) => q.id)).size).toBe(bank.length);
    const slugs = new Set(modules.map((m) => m.slug));
    for (const q of bank) expect(slugs.has(q.module), q.id).toBe(true);
  });

  it('covers every module with at least eight questions', () => {
    for (const m of modules) expect(bank.filter((q) => q.module === m.slug).length, m.slug).toBeGreaterThanOrEqual(8);
  });

  it('gives every question 3–4 options with exactly one correct and an explanation', () => {
    for (const q of bank) {
      expect(q.options.length, q.id).toBeGreaterThanOrEqual(3);
      expect(q.options.length, q.id).toBeLessThanOrEqual(4);
      expect(
        q.options.filter((o) => o.correct),
        q.id,
      ).toHaveLength(1);
      expect(q.explanation.length, q.id).toBeGreaterThan(10);
    }
  });

  it('rejects a question with two correct options or a stray key from an unquoted comma', () => {
    const base = {
      id: 'x-y',
      module: 'what-is-cse',
      urgency: 'concern',
      question: 'A test question?',
      explanation: 'Because it is.',
    };
    const two = {
      ...base,
      options: [
        { id: 'a', text: 'One', correct: true },
        { id: 'b', text: 'Two', correct: true },
        { id: 'c', text: 'Three' },
      ],
    };
    const stray = {
      ...base,
      options: [
        { id: 'a', text: 'One', 'and two': null, correct: true },
        { id: 'b', text: 'B' },
        { id: 'c', text: 'C' },
      ],
    };
    expect(questionSchema.safeParse(two).success).toBe(false);
    expect(questionSchema.safeParse(stray).success).toBe(false);
  });

  it('explains the hard words in the glossary', () => {
    const terms = glossary.map((g) => g.term.toLowerCase());
    for (const word of ['grooming', 'exploitation', 'consent', 'position of trust']) expect(terms).toContain(word);
  });

  it('uses only the phone numbers the brief allows, and never blaming language', () => {
    const text = [...modules.map((m) => m.body + JSON.stringify(m.data)), JSON.stringify(bank)].join('\n');
    const phones = text.match(/\b0\d{3}(?: \d{3,4}){1,2}\b/g) ?? [];
    expect(phones.length).toBeGreaterThan(0);
    for (const n of phones) expect(['0800 555 111', '0800 1111', '0808 800 5000']).toContain(n);
    expect(text).toContain('999');
    expect(text).toContain('101');
    expect(text.toLowerCase()).not.toContain('prostitut');
    expect(text.toLowerCase()).not.toContain('risky behaviour');
  });
});

describe('sections and words to know', () => {
  it('splits rendered HTML at each h2 and keeps the heading apart from the body', () => {
    const sections = splitSections(
      '<p>intro</p><h2 id="a">First</h2><p>One</p><h2 id="b">Second <em>part</em></h2><ul><li>Two</li></ul>',
    );
    expect(sections).toEqual([
      { titleHtml: 'First', html: '<p>One</p>' },
      { titleHtml: 'Second <em>part</em>', html: '<ul><li>Two</li></ul>' },
    ]);
  });

  it('finds glossary words by any of their forms, as whole words only', () => {
    const found = (text: string) => termsUsedIn(text, glossary).map((g) => g.id);
    expect(found('She was groomed online.')).toContain('grooming');
    expect(found('Taken to B&amp;Bs at night'.replace('&amp;', '&'))).toContain('bb');
    expect(found('An ungroomed garden')).not.toContain('grooming');
  });

  it('uses every glossary word somewhere in the course', () => {
    const text = plainText(modules.map((m) => m.body).join(' '));
    const unused = glossary.filter((g) => termsUsedIn(text, [g]).length === 0).map((g) => g.term);
    expect(unused).toEqual([]);
  });
});

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { markdownBlocks, readability, splitFrontMatter, type Readability } from './support/readability.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const ARTICLES = join(ROOT, 'content', 'articles');
const MODULES = join(ROOT, 'content', 'course', 'modules');
const REPORT = join(ROOT, 'docs', 'content-report.md');

/** The highest Flesch–Kincaid grade each readership may be given (issue 11). */
const LIMITS = {
  children: 5,
  'young-people': 7,
  'parents-carers': 8,
  professionals: 9,
  course: 9,
} as const;
type Readership = keyof typeof LIMITS;

interface Scored extends Readability {
  readership: Readership;
  page: string;
}

interface Scenario {
  question?: string;
  choices?: { text?: string; feedback?: string }[];
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith('.md'))
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

/** Title and summary are read first on every page, so they count with the body. */
function pageBlocks(file: string): { data: Record<string, unknown>; blocks: string[] } {
  const { frontMatter, body } = splitFrontMatter(readFileSync(file, 'utf8'));
  const data = (parse(frontMatter) ?? {}) as Record<string, unknown>;
  const lead = [data.title, data.summary].filter((v): v is string => typeof v === 'string');
  return { data, blocks: [...lead, ...markdownBlocks(body)] };
}

function scoreAll(): Scored[] {
  const rows: Scored[] = [];
  for (const file of markdownFiles(ARTICLES)) {
    const readership = relative(ARTICLES, file).split(/[\\/]/)[0] as Readership;
    rows.push({ readership, page: relative(ROOT, file), ...readability(pageBlocks(file).blocks) });
  }
  for (const file of markdownFiles(MODULES)) {
    const { data, blocks } = pageBlocks(file);
    rows.push({ readership: 'course', page: relative(ROOT, file), ...readability(blocks) });
    // The scenario is a separate screen with its own question and answers, so it is scored on its own.
    const scenario = data.scenario as Scenario | undefined;
    if (scenario?.question) {
      const parts = [scenario.question, ...(scenario.choices ?? []).flatMap((c) => [c.text ?? '', c.feedback ?? ''])];
      rows.push({
        readership: 'course',
        page: `${relative(ROOT, file)} (scenario)`,
        ...readability(parts.filter(Boolean)),
      });
    }
  }
  return rows;
}

function report(rows: readonly Scored[]): string {
  const lines = [
    '# Reading level of every page',
    '',
    'Written by `tests/unit/readability.test.ts` each time the unit tests run: do not edit it by hand.',
    'The test fails when a page is over its readers’ limit.',
    '',
    'Flesch–Kincaid grade = 0.39 × words per sentence + 11.8 × syllables per word − 15.59. The page title,',
    'summary and text are scored; front matter, links’ addresses and Markdown marks are left out. Every',
    'heading, list item and paragraph ends a sentence, as well as . ! and ?. Syllables are counted by the',
    '`syllable` npm package; a number counts as one syllable. A course module’s scenario (question, answers',
    'and feedback) is scored on its own row.',
    '',
    '| readers | limit |',
    '|---|---:|',
    ...Object.entries(LIMITS).map(([r, limit]) => `| ${r} | ${limit} |`),
    '',
    '| readers | page | words | sentences | grade | within limit |',
    '|---|---|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.readership} | \`${r.page}\` | ${r.words} | ${r.sentences} | ${r.grade.toFixed(1)} | ` +
        `${r.grade <= LIMITS[r.readership] ? 'yes' : '**no**'} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

describe('reading level', () => {
  const rows = scoreAll();
  writeFileSync(REPORT, report(rows));

  it('scores every article and course module', () => {
    expect(rows.filter((r) => r.readership !== 'course').length).toBe(markdownFiles(ARTICLES).length);
    expect(rows.filter((r) => r.readership === 'course').length).toBeGreaterThanOrEqual(markdownFiles(MODULES).length);
    for (const r of rows) expect(r.words, r.page).toBeGreaterThan(0);
  });

  it.each(Object.keys(LIMITS) as Readership[])('keeps every %s page within its limit', (readership) => {
    const over = rows
      .filter((r) => r.readership === readership && r.grade > LIMITS[readership])
      .map((r) => `${r.page}: grade ${r.grade.toFixed(1)}`);
    expect(over, `over ${LIMITS[readership]} — see docs/content-report.md`).toEqual([]);
  });
});

describe('the readability counter', () => {
  it('treats headings, list items and paragraphs as separate sentences and ignores link addresses', () => {
    const blocks = markdownBlocks(
      '## Get help\n\n- Call [Childline](https://www.childline.org.uk/) now\n- Tell **a teacher**\n\nIt is not your fault. You did well.',
    );
    expect(blocks).toEqual(['Get help', 'Call Childline now', 'Tell a teacher', 'It is not your fault. You did well.']);
    const score = readability(blocks);
    expect(score.sentences).toBe(5);
    expect(score.words).toBe(16);
  });

  it('gives long sentences of long words a higher grade than short plain ones', () => {
    const plain = readability(['Tell an adult you trust. They can help you.']);
    const dense = readability([
      'Practitioners should consider proportionate information sharing with relevant safeguarding partners.',
    ]);
    expect(plain.grade).toBeLessThan(3);
    expect(dense.grade).toBeGreaterThan(12);
  });
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { ZodError } from 'zod';
import { AUDIENCE_SLUGS } from '../../src/lib/audiences.ts';
import { articleSchema } from '../../src/lib/content/schemas.ts';

const ARTICLES_DIR = 'content/articles';

const goodArticle = {
  title: 'Good secrets and bad secrets',
  summary: 'Some secrets are fun to keep. Others make you feel worried or scared.',
  audience: 'children',
  updated: '2026-11-27',
  order: 20,
  sources: [{ title: 'Childline', publisher: 'NSPCC', url: 'https://www.childline.org.uk/' }],
};

/** The failures as Astro reports them to an editor: `field: message`. */
function problems(error: ZodError | undefined): string[] {
  return (error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? markdownFiles(join(dir, d.name)) : d.name.endsWith('.md') ? [join(dir, d.name)] : [],
  );
}

/** Splits a Markdown file into its YAML front matter and body, as the content loader does. */
function splitFrontMatter(text: string): { frontMatter: unknown; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!match) throw new Error('has no front matter between --- lines');
  return { frontMatter: parseYaml(match[1] ?? ''), body: match[2] ?? '' };
}

describe('articleSchema', () => {
  it('accepts a complete article and defaults nothing it was given', () => {
    const result = articleSchema.safeParse(goodArticle);
    expect(problems(result.error)).toEqual([]);
    expect(result.data).toEqual(goodArticle);
  });

  it('accepts the Date that YAML makes of an unquoted date and keeps the calendar day', () => {
    const result = articleSchema.safeParse({ ...goodArticle, updated: new Date('2026-11-27T00:00:00Z') });
    expect(result.data?.updated).toBe('2026-11-27');
  });

  it('rejects an article without sources, naming the field', () => {
    const { sources: _omitted, ...withoutSources } = goodArticle;
    expect(problems(articleSchema.safeParse(withoutSources).error)).toEqual(['sources: Required']);
    expect(problems(articleSchema.safeParse({ ...goodArticle, sources: [] }).error)).toEqual([
      'sources: needs at least one source',
    ]);
  });

  it('rejects a source without a publisher, naming which source', () => {
    const result = articleSchema.safeParse({ ...goodArticle, sources: [{ title: 'Childline' }] });
    expect(problems(result.error)).toEqual(['sources.0.publisher: Required']);
  });

  it('rejects a badly written or impossible date, naming the field', () => {
    const badlyWritten = problems(articleSchema.safeParse({ ...goodArticle, updated: '27/11/2026' }).error);
    expect(badlyWritten).toContain('updated: must be a date written YYYY-MM-DD');
    expect(badlyWritten.every((p) => p.startsWith('updated: '))).toBe(true);
    expect(problems(articleSchema.safeParse({ ...goodArticle, updated: '2026-13-45' }).error)).toEqual([
      'updated: is not a real date',
    ]);
  });

  it('rejects an unknown audience, naming the field and the allowed values', () => {
    const [message] = problems(articleSchema.safeParse({ ...goodArticle, audience: 'teenagers' }).error);
    expect(message).toMatch(/^audience: Invalid enum value/);
    for (const slug of AUDIENCE_SLUGS) expect(message).toContain(`'${slug}'`);
  });
});

describe('every article in content/articles', () => {
  const files = markdownFiles(ARTICLES_DIR);

  it('finds the articles', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it.each(files)('%s has valid front matter in the folder of its audience', (file) => {
    const { frontMatter } = splitFrontMatter(readFileSync(file, 'utf8'));
    const result = articleSchema.safeParse(frontMatter);
    expect(problems(result.error)).toEqual([]);
    const [folder, name] = relative(ARTICLES_DIR, file).split('/');
    expect(folder).toBe(result.data?.audience);
    expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\.md$/);
  });

  it.each(files)('%s links only to articles that exist', (file) => {
    const { body } = splitFrontMatter(readFileSync(file, 'utf8'));
    const targets = [...body.matchAll(/\]\((\/(?:children|young-people|parents-carers|professionals)\/[^)#]+)\)/g)].map(
      (m) => m[1] ?? '',
    );
    const missing = targets.filter((href) => !existsSync(join(ARTICLES_DIR, `${href.replace(/^\/|\/$/g, '')}.md`)));
    expect(missing).toEqual([]);
  });
});

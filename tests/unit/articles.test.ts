import { describe, expect, it } from 'vitest';
import { articleFolder, articleSlug, compareArticles } from '../../src/lib/content/articles.ts';

const entry = (order: number, title: string) => ({ data: { order, title } });

describe('article helpers', () => {
  it('splits an entry id into the audience folder and the address slug', () => {
    expect(articleSlug('children/good-and-bad-secrets')).toBe('good-and-bad-secrets');
    expect(articleFolder('children/good-and-bad-secrets')).toBe('children');
  });

  it('orders by the editor’s order, then by title when orders are equal', () => {
    const sorted = [entry(20, 'B'), entry(10, 'Z'), entry(20, 'A')].sort(compareArticles);
    expect(sorted.map((e) => e.data.title)).toEqual(['Z', 'A', 'B']);
  });
});

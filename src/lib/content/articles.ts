/**
 * Pure helpers for audience articles, kept apart from `astro:content` so the
 * unit tests can exercise them without a build.
 */

/** The part of an article's id a reader sees in the address: `children/good-and-bad-secrets` → `good-and-bad-secrets`. */
export function articleSlug(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}

/** The audience folder an article file sits in: `children/good-and-bad-secrets` → `children`. */
export function articleFolder(id: string): string {
  return id.includes('/') ? id.slice(0, id.indexOf('/')) : '';
}

/** Index order: the editor's `order` first, then title so equal orders still sort the same on every build. */
export function compareArticles(
  a: { data: { order: number; title: string } },
  b: { data: { order: number; title: string } },
): number {
  return a.data.order - b.data.order || a.data.title.localeCompare(b.data.title, 'en-GB');
}


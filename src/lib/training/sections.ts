/**
 * Turning a module's rendered Markdown into the short sections the player
 * shows one at a time, and finding which glossary words a section uses.
 * The HTML comes from the council's own content at build time, never from users.
 */
import type { GlossaryTerm } from '../content/course-schemas.ts';

export interface CourseSection {
  /** The section heading as HTML (it may hold inline markup from the Markdown). */
  titleHtml: string;
  /** The section body as HTML, without its heading. */
  html: string;
}

/** Splits rendered HTML at every `<h2>`; anything before the first heading is dropped. */
export function splitSections(html: string): CourseSection[] {
  return html
    .split(/(?=<h2[\s>])/)
    .filter((part) => part.startsWith('<h2'))
    .map((part) => {
      const match = /^<h2[^>]*>([\s\S]*?)<\/h2>/.exec(part);
      return { titleHtml: match?.[1]?.trim() ?? '', html: part.slice(match ? match[0].length : 0).trim() };
    });
}

/** Plain text of an HTML fragment, for word matching. */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x26;|&amp;/g, '&')
    .replace(/&#x27;|&#39;|&rsquo;|’/g, "'")
    .replace(/&[a-z0-9#]+;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The glossary terms whose word (or one of its forms) appears in the text, in glossary order. */
export function termsUsedIn(text: string, glossary: readonly GlossaryTerm[]): GlossaryTerm[] {
  return glossary.filter((entry) =>
    [entry.term.replace(/\s*\(.*\)$/, ''), ...entry.forms].some((word) =>
      new RegExp(`(^|[^A-Za-z&])${escapeRegExp(word)}(?![A-Za-z])`, 'i').test(text),
    ),
  );
}

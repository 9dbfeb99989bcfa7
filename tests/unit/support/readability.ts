/**
 * Flesch–Kincaid grade for the site's Markdown, as the readability test and
 * docs/content-report.md use it. Syllables come from the maintained `syllable`
 * package; everything else here only turns Markdown into the words a reader sees.
 */
import { syllable } from 'syllable';

/** What a page scores. */
export interface Readability {
  words: number;
  sentences: number;
  syllables: number;
  grade: number;
}

/** Splits `---` front matter from the body; a file without it is all body. */
export function splitFrontMatter(source: string): { frontMatter: string; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  return match ? { frontMatter: match[1]!, body: source.slice(match[0].length) } : { frontMatter: '', body: source };
}

/**
 * The blocks a reader meets, as plain text: each heading, list item, table
 * cell row and paragraph is one block, because each ends a sentence for the
 * reader even without a full stop (a heading is read as a unit, not run on
 * into the paragraph below it).
 */
export function markdownBlocks(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/<!--[\s\S]*?-->/g, '');
  const blocks: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push(paragraph.join(' '));
    paragraph = [];
  };
  for (const raw of withoutCode.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || /^(-{3,}|\*{3,}|\|?\s*:?-{3,})/.test(line)) {
      flush();
    } else if (/^#{1,6}\s/.test(line) || /^([-*+]|\d+[.)])\s/.test(line) || line.startsWith('|')) {
      flush();
      blocks.push(line);
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return blocks.map(inlineText).filter((b) => /[A-Za-z0-9]/.test(b));
}

/** Removes Markdown markers and HTML from one block, keeping the words. */
function inlineText(block: string): string {
  return block
    .replace(/^#{1,6}\s+/, '')
    .replace(/^([-*+]|\d+[.)])\s+/, '')
    .replace(/^>\s?/, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[*_`|]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words of a text: runs of letters and digits, with inner apostrophes and hyphens kept. */
function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+(?:[’'\-.,][\p{L}\p{N}]+)*/gu) ?? [];
}

/** Syllables in one word. A number is read as one unit and counts as one syllable. */
function syllablesIn(word: string): number {
  if (!/\p{L}/u.test(word)) return 1;
  return Math.max(1, syllable(word.replace(/’/g, "'")));
}

/**
 * Scores blocks of plain text. Sentences end at . ! ? (followed by a space or
 * the end) and at the end of every block.
 */
export function readability(blocks: readonly string[]): Readability {
  let wordCount = 0;
  let sentences = 0;
  let syllables = 0;
  for (const block of blocks) {
    const parts = block.split(/[.!?]+["”’)]*(?=\s|$)/).filter((p) => /[\p{L}\p{N}]/u.test(p));
    sentences += Math.max(1, parts.length);
    for (const w of words(block)) {
      wordCount += 1;
      syllables += syllablesIn(w);
    }
  }
  if (wordCount === 0) return { words: 0, sentences: 0, syllables: 0, grade: 0 };
  const grade = 0.39 * (wordCount / sentences) + 11.8 * (syllables / wordCount) - 15.59;
  return { words: wordCount, sentences, syllables, grade: Math.round(grade * 10) / 10 };
}

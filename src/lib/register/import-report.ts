/**
 * What an import preview and an applied import report, for the CLI and the
 * officer page alike.
 */
import type { ImportProblem } from './csv.ts';

/** How the file's rows compare with what the database holds. */
export interface ImportCounts {
  new: number;
  updated: number;
  unchanged: number;
  /** Data rows with at least one problem. */
  invalid: number;
}

/** The result of checking a file without changing anything. */
export interface ImportPreview {
  counts: ImportCounts;
  /** Row and header problems, in line order. */
  problems: ImportProblem[];
  /** Set when the file cannot be read at all (too large, binary, not UTF-8, no rows); counts are then zero. */
  fileError: string | null;
}

/** The result of an apply: the preview it was based on and whether the changes were committed. */
export interface ImportOutcome extends ImportPreview {
  applied: boolean;
}

/** An empty set of counts. */
export function zeroCounts(): ImportCounts {
  return { new: 0, updated: 0, unchanged: 0, invalid: 0 };
}

/** Whether a previewed file may be applied: readable and with no problem on any line. */
export function canApply(preview: ImportPreview): boolean {
  return preview.fileError === null && preview.problems.length === 0;
}

/** The number of distinct lines that have problems. */
export function countProblemLines(problems: readonly ImportProblem[]): number {
  return new Set(problems.map((p) => p.line)).size;
}

/** The report as lines of text: counts, then each problem as `line N: reason`. */
export function reportLines(result: ImportPreview | ImportOutcome): string[] {
  if (result.fileError) return [result.fileError];
  const { counts } = result;
  const lines = [
    `New: ${counts.new}`,
    `Updated: ${counts.updated}`,
    `Unchanged: ${counts.unchanged}`,
    `Rejected: ${counts.invalid}`,
  ];
  for (const p of result.problems) lines.push(`line ${p.line}: ${p.reason}`);
  return lines;
}

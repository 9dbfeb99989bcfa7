/**
 * What both imports share once their rows are checked: sorting the valid records into new, changed and
 * unchanged against what the database holds, and applying such a plan in one transaction with its audit
 * entry. Each import keeps its own rules for checking a row and writing a record.
 */
import { type Db } from '../../../db/client.ts';
import { audit } from '../audit.ts';
import { now } from '../clock.ts';
import type { CsvReadResult, ImportProblem } from './csv.ts';
import { canApply, countProblemLines, zeroCounts, type ImportOutcome, type ImportPreview } from './import-report.ts';

/** What applying a file would do: its report, and the records to insert and to update. */
export interface ImportPlan<R> {
  preview: ImportPreview;
  inserts: R[];
  updates: { id: number; record: R }[];
}

/** The plan for a file that could not be read at all: only the reason. */
export function unreadablePlan<R>(read: Extract<CsvReadResult, { ok: false }>): ImportPlan<R> {
  return { preview: { counts: zeroCounts(), problems: [], fileError: read.fileError }, inserts: [], updates: [] };
}

/**
 * Counts the file's rows and sorts its valid records: a record with no stored match is new, one that
 * `differs` from its match is an update, the rest are unchanged. Problems are reported in line order.
 */
export function planChanges<R, S extends { id: number }>(
  read: Extract<CsvReadResult, { ok: true }>,
  rowProblems: readonly ImportProblem[],
  valid: readonly R[],
  storedFor: (record: R) => S | undefined,
  differs: (stored: S, record: R) => boolean,
): ImportPlan<R> {
  const problems = [...read.headerProblems, ...rowProblems].sort((a, b) => a.line - b.line);
  const counts = zeroCounts();
  counts.invalid = countProblemLines(rowProblems);
  const inserts: R[] = [];
  const updates: { id: number; record: R }[] = [];
  for (const record of valid) {
    const existing = storedFor(record);
    if (!existing) {
      counts.new += 1;
      inserts.push(record);
    } else if (differs(existing, record)) {
      counts.updated += 1;
      updates.push({ id: existing.id, record });
    } else {
      counts.unchanged += 1;
    }
  }
  return { preview: { counts, problems, fileError: null }, inserts, updates };
}

/**
 * Plans the file and, only if it has no problem, writes the plan and an audit entry (counts only) in one
 * transaction. `actorUserId` is the officer, or null for the command line.
 */
export function applyPlan<R>(
  db: Db,
  audited: { action: string; actorUserId: number | null },
  plan: () => ImportPlan<R>,
  write: (plan: ImportPlan<R>, at: number) => void,
): ImportOutcome {
  const run = db.$client.transaction((): ImportOutcome => {
    const planned = plan();
    if (!canApply(planned.preview)) return { ...planned.preview, applied: false };
    write(planned, now().getTime());
    const { counts } = planned.preview;
    audit({ ...audited, detail: { new: counts.new, updated: counts.updated, unchanged: counts.unchanged } }, db);
    return { ...planned.preview, applied: true };
  });
  // IMMEDIATE takes the write lock before reading, so the plan cannot go stale before it is written.
  return run.immediate();
}

/**
 * What the import commands share: read the file named on the command line
 * (refusing one over the size limit before reading it), migrate the
 * database at DATABASE_PATH, apply, print the report, and set the exit code.
 */
import { readFileSync, statSync } from 'node:fs';
import { applyMigrations, type Db } from '../../db/client.ts';
import { getDb } from '../lib/db.ts';
import { MAX_IMPORT_BYTES, tooLargeMessage } from '../lib/register/csv.ts';
import { reportLines, type ImportOutcome } from '../lib/register/import-report.ts';

type Apply = (bytes: Buffer, actorUserId: number | null, db: Db) => ImportOutcome;

/**
 * Runs one import command and returns its exit code: 0 when applied, 1 when
 * the file was refused (nothing changed), 2 for a usage error.
 */
export function runImportCommand(args: readonly string[], usage: string, apply: Apply): number {
  const file = args.find((a) => a !== '--');
  if (!file || args.filter((a) => a !== '--').length !== 1) {
    console.error(`Usage: ${usage}`);
    return 2;
  }
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    console.error(`Cannot read ${file}: no such file.`);
    return 2;
  }
  if (size > MAX_IMPORT_BYTES) {
    console.log(tooLargeMessage(size));
    console.log('Nothing was changed.');
    return 1;
  }
  const db = getDb();
  applyMigrations(db);
  const outcome = apply(readFileSync(file), null, db);
  for (const line of reportLines(outcome)) console.log(line);
  console.log(outcome.applied ? 'Import applied.' : 'Nothing was changed: correct the file and run the import again.');
  return outcome.applied ? 0 : 1;
}

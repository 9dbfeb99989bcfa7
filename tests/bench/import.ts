/**
 * `npm run bench:import`: register import time and peak memory at 1,757,
 * 10,000 and 100,000 drivers. Each scenario runs in its own child process on
 * a fresh database file, so peak resident memory (maxRSS) belongs to it
 * alone. Reports the first import (all new), a preview of the same files, and
 * a re-import (all unchanged). Target: 100,000 rows in under 10 s.
 *
 * A 100,000-row register with every column is about 10 MB, over the 5 MB
 * upload limit, so it is imported as the operator would: split into files
 * under the limit, one after another. A second 100,000-row scenario uses
 * only the required columns, which fits in one file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const TYPES = ['hackney_carriage', 'private_hire', 'dual'];
const FULL_HEADER = 'badge_number,surname,forenames,licence_type,licence_expiry,date_of_birth,email';
const REQUIRED_HEADER = 'badge_number,surname,forenames,licence_type,licence_expiry';

interface Scenario {
  label: string;
  rows: number;
  allColumns: boolean;
}

const SCENARIOS: Scenario[] = [
  { label: '1,757, all columns', rows: 1757, allColumns: true },
  { label: '10,000, all columns', rows: 10_000, allColumns: true },
  { label: '100,000, all columns', rows: 100_000, allColumns: true },
  { label: '100,000, required columns', rows: 100_000, allColumns: false },
];

interface Result {
  label: string;
  rows: number;
  files: number;
  fileMb: number;
  importMs: number;
  previewMs: number;
  reimportMs: number;
  peakRssMb: number;
}

/** The register as CSV files, each under the upload limit. */
function registerFiles(rows: number, allColumns: boolean, maxBytes: number): Buffer[] {
  const header = allColumns ? FULL_HEADER : REQUIRED_HEADER;
  const files: Buffer[] = [];
  let lines = [header];
  let size = header.length + 1;
  for (let i = 1; i <= rows; i += 1) {
    const month = String((i % 12) + 1).padStart(2, '0');
    const required = `DC${100000 + i},Name${i % 997},Fore${i % 89},${TYPES[i % 3]},2029-${month}-15`;
    const line = allColumns ? `${required},1970-${month}-0${(i % 9) + 1},driver${i}@example.org` : required;
    if (size + line.length + 1 > maxBytes) {
      files.push(Buffer.from(`${lines.join('\n')}\n`));
      lines = [header];
      size = header.length + 1;
    }
    lines.push(line);
    size += line.length + 1;
  }
  files.push(Buffer.from(`${lines.join('\n')}\n`));
  return files;
}

async function child(scenario: Scenario): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  process.env.DATABASE_PATH = join(dir, 'portal.db');
  process.env.PORTAL_LOG = 'silent';
  try {
    const { applyMigrations } = await import('../../db/client.ts');
    const { getDb } = await import('../../src/lib/db.ts');
    const { applyRegisterImport, previewRegisterImport } = await import('../../src/lib/register/register-import.ts');
    const { MAX_IMPORT_BYTES } = await import('../../src/lib/register/csv.ts');
    const db = getDb();
    applyMigrations(db);
    const files = registerFiles(scenario.rows, scenario.allColumns, MAX_IMPORT_BYTES);
    const time = (fn: (file: Buffer) => unknown): number => {
      const start = performance.now();
      for (const file of files) fn(file);
      return performance.now() - start;
    };
    const importMs = time((file) => {
      const outcome = applyRegisterImport(file, null, db);
      if (!outcome.applied)
        throw new Error(`benchmark file refused: ${outcome.fileError ?? outcome.problems[0]?.reason}`);
    });
    const previewMs = time((file) => previewRegisterImport(file, db));
    const reimportMs = time((file) => applyRegisterImport(file, null, db));
    const result: Result = {
      label: scenario.label,
      rows: scenario.rows,
      files: files.length,
      fileMb: files.reduce((n, f) => n + f.length, 0) / (1024 * 1024),
      importMs,
      previewMs,
      reimportMs,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
    process.stdout.write(JSON.stringify(result));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const results: Result[] = SCENARIOS.map((_, index) => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'tests/bench/import.ts', '--child', String(index)], {
      encoding: 'utf8',
    });
    return JSON.parse(out) as Result;
  });
  const s = (ms: number) => (ms / 1000).toFixed(2);
  console.log(
    '| drivers | files (total size) | first import (all new) | preview | re-import (all unchanged) | peak RSS |',
  );
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.label} | ${r.files} (${r.fileMb.toFixed(1)} MB) | ${s(r.importMs)} s | ${s(r.previewMs)} s | ${s(r.reimportMs)} s | ${Math.round(r.peakRssMb)} MB |`,
    );
  }
  const slow = results.filter((r) => r.rows >= 100_000 && r.importMs >= 10_000);
  // A missed target is a result to report, like the other benchmarks' "missed", not a failure of the script:
  // on a shared machine it is often the load, which the section's heading records.
  console.log(
    `\nTarget, every 100,000-row first import under 10 s: ${slow.length === 0 ? 'met' : `**missed** (${slow.map((r) => `${s(r.importMs)} s`).join(', ')})`}.`,
  );
}

const at = process.argv.indexOf('--child');
if (at !== -1) await child(SCENARIOS[Number(process.argv[at + 1])]!);
else main();

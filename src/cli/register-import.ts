/**
 * `npm run register:import -- FILE.csv`: imports or updates the licensing
 * register in the database at DATABASE_PATH (default data/portal.db).
 * Prints counts of new, updated, unchanged and rejected rows and each
 * problem as `line N: reason`; changes nothing and exits 1 if any row is invalid.
 */
import { applyRegisterImport } from '../lib/register/register-import.ts';
import { runImportCommand } from './run-import.ts';

process.exitCode = runImportCommand(process.argv.slice(2), 'npm run register:import -- FILE.csv', applyRegisterImport);

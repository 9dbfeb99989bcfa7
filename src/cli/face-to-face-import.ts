/**
 * `npm run face-to-face:import -- FILE.csv`: records face-to-face training
 * attendance (badge_number, session_date, trainer, venue) for drivers already
 * in the register. Same report and exit codes as `register:import`.
 */
import { applyFaceToFaceImport } from '../lib/register/face-to-face-import.ts';
import { runImportCommand } from './run-import.ts';

process.exitCode = runImportCommand(
  process.argv.slice(2),
  'npm run face-to-face:import -- FILE.csv',
  applyFaceToFaceImport,
);

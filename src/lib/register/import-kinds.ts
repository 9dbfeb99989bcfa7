/**
 * The two imports an officer can choose, with the functions that preview
 * and apply each: the same functions the command line uses.
 */
import type { Db } from '../../../db/client.ts';
import { applyFaceToFaceImport, FACE_TO_FACE_COLUMNS, previewFaceToFaceImport } from './face-to-face-import.ts';
import type { ImportOutcome, ImportPreview } from './import-report.ts';
import {
  applyRegisterImport,
  previewRegisterImport,
  REGISTER_OPTIONAL_COLUMNS,
  REGISTER_REQUIRED_COLUMNS,
} from './register-import.ts';

export const IMPORT_KIND_IDS = ['register', 'face_to_face'] as const;
export type ImportKindId = (typeof IMPORT_KIND_IDS)[number];

/** One kind of import as the officer page presents it. */
export interface ImportKind {
  id: ImportKindId;
  label: string;
  /** The columns, for the hint under the choice. */
  columnsHint: string;
  /** The columns a file must have. */
  required: readonly string[];
  preview: (bytes: Buffer, db?: Db) => ImportPreview;
  apply: (bytes: Buffer, actorUserId: number | null, db?: Db) => ImportOutcome;
}

export const IMPORT_KINDS: Record<ImportKindId, ImportKind> = {
  register: {
    id: 'register',
    label: 'Licensing register',
    columnsHint: `Columns: ${REGISTER_REQUIRED_COLUMNS.join(', ')}; optional ${REGISTER_OPTIONAL_COLUMNS.join(', ')}.`,
    required: REGISTER_REQUIRED_COLUMNS,
    preview: previewRegisterImport,
    apply: applyRegisterImport,
  },
  face_to_face: {
    id: 'face_to_face',
    label: 'Face-to-face attendance',
    columnsHint: `Columns: ${FACE_TO_FACE_COLUMNS.join(', ')}. Every badge number must already be in the register.`,
    required: FACE_TO_FACE_COLUMNS,
    preview: previewFaceToFaceImport,
    apply: applyFaceToFaceImport,
  },
};

/**
 * The officer import page's two steps, kept out of the route: receiving an
 * upload (size limit enforced while the body is read, multipart parsed,
 * fields validated, file previewed and stored) and applying a stored upload.
 * The file is parsed, checked and applied in a worker thread, so other visitors are not kept waiting.
 */
import { z } from 'zod';
import { FormReadError, readForm, readMultipartForm } from '../forms.ts';
import { MAX_IMPORT_BYTES, formatMegabytes, tooLargeMessage } from './csv.ts';
import { applyImportOffThread, previewImportOffThread } from './import-off-thread.ts';
import { canApply, type ImportOutcome, type ImportPreview } from './import-report.ts';
import { IMPORT_KIND_IDS, IMPORT_KINDS, type ImportKind } from './import-kinds.ts';
import { discardUpload, readStashedUpload, stashUpload } from './upload-store.ts';

/** Room for the multipart envelope (boundaries, field headers, the type field) around a file at the limit. */
const ENVELOPE_BYTES = 64 * 1024;

/** A problem with the form itself, shown in the error summary and beside its field. */
export interface FormError {
  field: 'kind' | 'file' | 'upload';
  message: string;
}

export type UploadResult =
  | { ok: false; status: 400 | 413 | 422; error: FormError; kind: ImportKind | null }
  | { ok: true; status: 200 | 422; kind: ImportKind; fileName: string; preview: ImportPreview; token: string | null };

export type ApplyResult =
  | {
      ok: false;
      status: 400 | 409 | 410 | 422;
      error: FormError;
      kind: ImportKind | null;
      outcome: ImportOutcome | null;
      /** The stored upload's token when it is kept for another try (another import was being applied). */
      retry?: string;
    }
  | { ok: true; status: 200; kind: ImportKind; outcome: ImportOutcome };

/** What the upload form says when the shared reader refuses the body, in terms of the file. */
function uploadRefusal(error: FormReadError): string {
  if (error.reason === 'not_a_form') return 'Choose a CSV file to upload';
  if (error.reason === 'incomplete') return 'The upload did not arrive complete. Choose the file and try again.';
  if (error.declaredBytes !== null) return tooLargeMessage(error.declaredBytes);
  return `The file is more than ${formatMegabytes(MAX_IMPORT_BYTES)}; the limit is ${MAX_IMPORT_BYTES / (1024 * 1024)} MB.`;
}

const kindField = z.enum(IMPORT_KIND_IDS, { errorMap: () => ({ message: 'Select what the file holds' }) });

/** Handles the upload form: on success the file is previewed and, when it can be applied, stored for the apply step. */
export async function receiveImportUpload(request: Request): Promise<UploadResult> {
  let form: FormData;
  try {
    form = await readMultipartForm(request, MAX_IMPORT_BYTES + ENVELOPE_BYTES);
  } catch (error) {
    if (!(error instanceof FormReadError)) throw error;
    return { ok: false, status: error.status, kind: null, error: { field: 'file', message: uploadRefusal(error) } };
  }
  const parsedKind = kindField.safeParse(form.get('kind'));
  const kind = parsedKind.success ? IMPORT_KINDS[parsedKind.data] : null;
  if (!kind)
    return { ok: false, status: 422, kind: null, error: { field: 'kind', message: 'Select what the file holds' } };
  const file = form.get('file');
  if (!(file instanceof File) || (file.size === 0 && file.name === '')) {
    return { ok: false, status: 422, kind, error: { field: 'file', message: 'Choose a CSV file to upload' } };
  }
  const bytes = Buffer.from(await file.arrayBuffer());
  const preview = await previewImportOffThread(kind, bytes);
  if (preview.fileError) {
    const status = bytes.length > MAX_IMPORT_BYTES ? 413 : 422;
    return { ok: false, status, kind, error: { field: 'file', message: preview.fileError } };
  }
  const applicable = canApply(preview);
  return {
    ok: true,
    status: applicable ? 200 : 422,
    kind,
    fileName: file.name,
    preview,
    token: applicable ? stashUpload(bytes) : null,
  };
}

const applyForm = z.object({ kind: kindField, upload: z.string().max(200) });

/**
 * Handles "Apply import": checks the stored file again, applies it in one transaction if it is still valid, and
 * deletes it either way; while another import is being applied it changes nothing and keeps the file for another try.
 */
export async function applyStoredImport(request: Request, actorUserId: number): Promise<ApplyResult> {
  let fields: unknown;
  try {
    const form = await readForm(request);
    fields = { kind: form.kind, upload: form.upload };
  } catch (error) {
    if (!(error instanceof FormReadError)) throw error;
    fields = {};
  }
  const parsed = applyForm.safeParse(fields);
  if (!parsed.success) {
    return {
      ok: false,
      status: 400,
      kind: null,
      outcome: null,
      error: { field: 'upload', message: 'Upload the file again: this form was incomplete.' },
    };
  }
  const kind = IMPORT_KINDS[parsed.data.kind];
  const bytes = readStashedUpload(parsed.data.upload);
  if (!bytes) {
    return {
      ok: false,
      status: 410,
      kind,
      outcome: null,
      error: {
        field: 'upload',
        message: 'This upload has already been applied or has expired. Upload the file again to check it.',
      },
    };
  }
  const outcome = await applyImportOffThread(kind, bytes, actorUserId);
  if (!outcome) {
    return {
      ok: false,
      status: 409,
      kind,
      outcome: null,
      retry: parsed.data.upload,
      error: {
        field: 'upload',
        message: 'Another import is being applied. Nothing was changed: wait a minute, then apply this file again.',
      },
    };
  }
  discardUpload(parsed.data.upload);
  if (!outcome.applied) {
    return {
      ok: false,
      status: 422,
      kind,
      outcome,
      error: {
        field: 'upload',
        message: 'Nothing was changed: the register has changed since the preview and the file now has problems.',
      },
    };
  }
  return { ok: true, status: 200, kind, outcome };
}

/**
 * Keeps an uploaded file between the preview and the officer's "Apply
 * import": a file in the data directory named by a random id and the SHA-256
 * of its content. The page carries only that name; on apply the content is
 * hashed again, so a swapped or damaged file is refused, and then deleted.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { now } from '../clock.ts';
import { databasePath } from '../config.ts';

/** Uploads not applied within this time are deleted. */
const KEEP_MS = 60 * 60 * 1000;
const TOKEN = /^[0-9a-f]{32}-[0-9a-f]{64}$/;

function uploadDir(): string {
  return join(dirname(resolve(databasePath())), 'imports');
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Deletes uploads older than an hour, so abandoned previews do not pile up. */
function discardStale(dir: string): void {
  const cutoff = now().getTime() - KEEP_MS;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).mtimeMs < cutoff) rmSync(path, { force: true });
  }
}

/** Stores an upload and returns the token that names it. */
export function stashUpload(bytes: Buffer): string {
  const dir = uploadDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  discardStale(dir);
  const token = `${randomBytes(16).toString('hex')}-${sha256(bytes)}`;
  writeFileSync(join(dir, `${token}.csv`), bytes, { mode: 0o600 });
  return token;
}

/** The stored upload for a token, or null when the token is malformed, the file is gone, or its content changed. */
export function readStashedUpload(token: string): Buffer | null {
  if (!TOKEN.test(token)) return null;
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(uploadDir(), `${token}.csv`));
  } catch {
    return null;
  }
  return sha256(bytes) === token.slice(33) ? bytes : null;
}

/** Deletes a stored upload (after it is applied). */
export function discardUpload(token: string): void {
  if (TOKEN.test(token)) rmSync(join(uploadDir(), `${token}.csv`), { force: true });
}

/**
 * Starting a worker thread whose code is TypeScript. The workers run through tsx (a dependency), like the
 * command-line tools. A worker's file is found next to the module that starts it when running from source
 * (tsx, Vitest), and under `src/` of the working directory when that module has been bundled into
 * `dist/server` by the build, since `npm start` runs from the project folder.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Where a worker's source is: beside the calling module (`import.meta.url`), or at `src/lib/<folder>/<file>`
 * of the working directory when the caller runs from the built server.
 */
export function workerSourcePath(callerUrl: string, folder: string, file: string): string {
  const beside = join(dirname(fileURLToPath(callerUrl)), file);
  if (existsSync(beside)) return beside;
  const fromProject = resolve(process.cwd(), 'src/lib', folder, file);
  if (existsSync(fromProject)) return fromProject;
  throw new Error(`The worker ${file} was not found beside ${beside} or at ${fromProject}`);
}

/** A worker thread running the TypeScript module at `path`. */
export function startTypeScriptWorker(path: string, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  // A worker ignores `--import tsx`, so a two-line bootstrap registers tsx's loader, then loads the worker.
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(
    pathToFileURL(path).href,
  )}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

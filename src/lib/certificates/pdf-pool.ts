/**
 * Certificate PDFs rendered off the event loop. pdfkit is synchronous JavaScript: about 10 ms of CPU per
 * certificate, and while it runs on the server's thread every other request waits (in the deadline rush,
 * half the drivers download one). A few worker threads (`pdf-worker.ts`) render them instead: one fewer
 * than the machine's cores, so a core stays with the event loop, and at least one. Workers start when
 * needed and stay, so later downloads pay no start-up (a few seconds of loading tsx, pdfkit and the fonts);
 * an idle worker does not keep the process alive. A worker that fails is replaced, and only the download
 * it was rendering fails.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startTypeScriptWorker, workerSourcePath } from '../ts-worker.ts';
import type { PrintableCertificate } from './pdf.ts';
import type { PdfWorkerReply } from './pdf-worker.ts';

/** How many workers render at most, from the machine's cores. */
export const PDF_WORKERS = Math.max(1, availableParallelism() - 1);

interface Job {
  cert: PrintableCertificate;
  resolve: (pdf: Buffer) => void;
  reject: (error: Error) => void;
}

class PdfPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly waiting: Job[] = [];
  private started = 0;

  render(cert: PrintableCertificate): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ cert, resolve, reject });
      this.dispatch();
    });
  }

  warm(): void {
    if (this.started === 0) this.idle.push(this.startWorker());
  }

  /** Hands waiting jobs to idle workers, starting workers up to the limit. */
  private dispatch(): void {
    while (this.waiting.length > 0) {
      const worker = this.idle.pop() ?? (this.started < PDF_WORKERS ? this.startWorker() : undefined);
      if (!worker) return;
      const job = this.waiting.shift()!;
      this.busy.set(worker, job);
      worker.ref();
      worker.postMessage(job.cert);
    }
  }

  private startWorker(): Worker {
    const worker = startTypeScriptWorker(workerSourcePath(import.meta.url, 'certificates', 'pdf-worker.ts'));
    worker.unref();
    this.started += 1;
    worker.on('message', (reply: PdfWorkerReply) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      if ('pdf' in reply) job?.resolve(Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength));
      else job?.reject(new Error(`Rendering the certificate PDF failed: ${reply.error}`));
      worker.unref();
      this.idle.push(worker);
      this.dispatch();
    });
    const retire = (error: Error): void => {
      const at = this.idle.indexOf(worker);
      if (at < 0 && !this.busy.has(worker)) return;
      if (at >= 0) this.idle.splice(at, 1);
      this.busy.get(worker)?.reject(error);
      this.busy.delete(worker);
      this.started -= 1;
      this.dispatch();
    };
    worker.on('error', retire);
    worker.on('exit', (code) => retire(new Error(`The certificate PDF worker stopped with code ${code}`)));
    return worker;
  }
}

/**
 * One pool per process. `npm start` loads this module twice, once from source (to warm the pool as it
 * starts) and once bundled into the built server (to render), so the pool is kept on the global object.
 */
const POOL_KEY = Symbol.for('erase-portal.certificate-pdf-pool');
const pool: PdfPool = ((globalThis as Record<symbol, unknown>)[POOL_KEY] as PdfPool | undefined) ?? new PdfPool();
(globalThis as Record<symbol, unknown>)[POOL_KEY] = pool;

/** `renderCertificatePdf(cert)`, run in the pool: the same bytes, without holding the event loop. */
export function renderCertificatePdfOffThread(cert: PrintableCertificate): Promise<Buffer> {
  // Only the printed facts cross to the worker: callers may pass a whole certificate record.
  const { code, kind, holderName, badgeNumber, licenceType, completedOn, expiresOn } = cert;
  return pool.render({ code, kind, holderName, badgeNumber, licenceType, completedOn, expiresOn });
}

/** Starts the first worker now, so the first download after the server starts does not wait for it. */
export function warmCertificatePdfWorkers(): void {
  pool.warm();
}

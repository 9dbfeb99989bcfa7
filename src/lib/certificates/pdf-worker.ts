/**
 * Renders certificate PDFs in a worker thread of the pool in `pdf-pool.ts`: each message is one certificate's
 * printable facts, each reply its PDF bytes (or the error's message). The fonts are parsed as the worker starts,
 * so the first download does not pay for it.
 */
import { parentPort } from 'node:worker_threads';
import { parsedFonts, renderCertificatePdf, type PrintableCertificate } from './pdf.ts';

/** What the worker sends back for one certificate. */
export type PdfWorkerReply = { pdf: Uint8Array } | { error: string };

parsedFonts();
const port = parentPort!;
port.on('message', (cert: PrintableCertificate) => {
  renderCertificatePdf(cert).then(
    (rendered) => {
      // A copy of its own, so its memory can be handed over instead of copied again.
      const pdf = new Uint8Array(rendered);
      port.postMessage({ pdf } satisfies PdfWorkerReply, [pdf.buffer]);
    },
    (error: unknown) => port.postMessage({ error: String(error) } satisfies PdfWorkerReply),
  );
});

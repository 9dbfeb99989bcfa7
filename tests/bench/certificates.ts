/**
 * Certificate PDF benchmark: how many certificates one process renders per
 * second, and how big each file is. Targets: at least 100 per second and
 * under 60 KB each. Also times the two suspects for a slow render: building
 * the QR code matrix, and parsing the font afresh (what pdfkit does for every
 * document when it is given a font file instead of a parsed font).
 *
 *   npm run bench:certificates            (BENCH_COUNT=500 to change the run length)
 *
 * Wall-clock rates depend on what else the machine is doing; the CPU-time
 * rate (user + system time of this process) is steadier on a shared machine.
 *
 * Last, a burst of downloads at once (BENCH_BURST, default 40, one asked for every 5 ms), rendered on this thread and then in the
 * worker pool the download routes use, with the event loop's delay measured meanwhile: how long any
 * other request would have waited for the server.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { resolve } from 'node:path';
import * as fontkit from 'fontkit';
import QRCode from 'qrcode';
import { LICENCE_TYPES } from '../../db/schema.ts';
import { generateCode, verifyUrl } from '../../src/lib/certificates/code.ts';
import { renderCertificatePdf, type PrintableCertificate } from '../../src/lib/certificates/pdf.ts';
import { PDF_WORKERS, renderCertificatePdfOffThread } from '../../src/lib/certificates/pdf-pool.ts';

const COUNT = Number(process.env.BENCH_COUNT || 300);
const TARGET_PER_SECOND = 100;
const TARGET_BYTES = 60 * 1024;
const BURST = Number(process.env.BENCH_BURST || 40);

const FORENAMES = ['Zoë', 'Mohammed', 'Siobhán', 'Łukasz', 'Priya', 'John', 'Aurélie', 'Björn', 'Chidi', 'Małgorzata'];
const SURNAMES = [
  'Ó Súilleabháin-Łukasiewicz',
  'Khan',
  'Nguyễn',
  'Smith',
  'Fernández García',
  'Kowalczyk',
  'Øyelaran',
  'Brown',
];

/** A varied certificate, so names and codes differ as they would in real use. */
function sample(i: number): PrintableCertificate {
  return {
    code: generateCode(),
    kind: i % 3 === 0 ? 'face_to_face' : 'online',
    holderName: `${FORENAMES[i % FORENAMES.length]} ${SURNAMES[(i * 7) % SURNAMES.length]}`,
    badgeNumber: `DCC-${String(10000 + i).slice(1)}`,
    licenceType: LICENCE_TYPES[i % LICENCE_TYPES.length] ?? null,
    completedOn: '2016-08-20',
    expiresOn: '2019-08-20',
  };
}

/** Event-loop delay (p50 / p99 / max, ms) and wall time while `BURST` certificates are asked for, one every 5 ms. */
async function loopDelayDuring(
  render: (cert: PrintableCertificate) => Promise<Buffer>,
): Promise<{ p50: number; p99: number; max: number; seconds: number }> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  // The monitor's first tick only starts its clock; a loop held before it would go unrecorded.
  await sleep(20);
  const started = performance.now();
  const downloads = Array.from(
    { length: BURST },
    (_, i) =>
      new Promise<Buffer>((resolve, reject) => setTimeout(() => render(sample(i)).then(resolve, reject), i * 5)),
  );
  await Promise.all(downloads);
  const seconds = (performance.now() - started) / 1000;
  // Lets the monitor record a loop held until the last render ended.
  await sleep(20);
  delay.disable();
  const ms = (ns: number): number => Math.round(ns / 1e5) / 10;
  return { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max), seconds };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

async function main(): Promise<void> {
  let started = performance.now();
  await renderCertificatePdf(sample(0));
  const firstMs = performance.now() - started;

  const sizes: number[] = [];
  const cpu = process.cpuUsage();
  started = performance.now();
  for (let i = 1; i <= COUNT; i += 1) sizes.push((await renderCertificatePdf(sample(i))).byteLength);
  const wallSeconds = (performance.now() - started) / 1000;
  const cpuUsed = cpuSeconds(cpu);

  const qrRuns = 1000;
  started = performance.now();
  for (let i = 0; i < qrRuns; i += 1) QRCode.create(verifyUrl(generateCode()), { errorCorrectionLevel: 'M' });
  const qrMs = (performance.now() - started) / qrRuns;

  const fontFile = readFileSync(resolve(process.cwd(), 'src/lib/certificates/fonts/DejaVuSans.ttf'));
  const fontRuns = 20;
  started = performance.now();
  for (let i = 0; i < fontRuns; i += 1) {
    const font = fontkit.create(fontFile);
    if ('layout' in font) font.layout('Certificate of training');
  }
  const freshFontMs = (performance.now() - started) / fontRuns;

  const perSecondWall = COUNT / wallSeconds;
  const perSecondCpu = COUNT / cpuUsed;
  const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
  const largest = Math.max(...sizes);
  const rows: Array<[string, string]> = [
    ['certificates rendered', String(COUNT)],
    ['first certificate (loads and parses fonts)', `${firstMs.toFixed(0)} ms`],
    ['per second, wall clock', perSecondWall.toFixed(1)],
    ['per second, CPU time of this process', perSecondCpu.toFixed(1)],
    ['mean time per certificate, wall clock', `${((wallSeconds * 1000) / COUNT).toFixed(1)} ms`],
    ['bytes per PDF, mean', `${Math.round(mean)} (${(mean / 1024).toFixed(1)} KB)`],
    ['bytes per PDF, largest', `${largest} (${(largest / 1024).toFixed(1)} KB)`],
    ['QR code matrix, per certificate', `${qrMs.toFixed(2)} ms`],
    ['parsing the font afresh + one layout', `${freshFontMs.toFixed(1)} ms`],
  ];
  for (const [label, value] of rows) console.log(`${label.padEnd(44)} ${value}`);

  // The pool's worker starts (tsx, pdfkit, fonts) before the burst, as the server starts it at launch.
  await renderCertificatePdfOffThread(sample(0));
  const bursts: Array<[string, Awaited<ReturnType<typeof loopDelayDuring>>]> = [
    ['on the event loop', await loopDelayDuring(renderCertificatePdf)],
    [
      `worker pool (${PDF_WORKERS} thread${PDF_WORKERS === 1 ? '' : 's'})`,
      await loopDelayDuring(renderCertificatePdfOffThread),
    ],
  ];
  console.log(`\nEvent-loop delay during a burst of ${BURST} certificates (one asked for every 5 ms), ms:\n`);
  console.log(`${'rendered'.padEnd(28)} ${'p50'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)}   burst took`);
  for (const [label, d] of bursts)
    console.log(
      `${label.padEnd(28)} ${String(d.p50).padStart(7)} ${String(d.p99).padStart(7)} ${String(d.max).padStart(7)}   ${d.seconds.toFixed(1)} s`,
    );
  const fast = Math.max(perSecondWall, perSecondCpu) >= TARGET_PER_SECOND;
  console.log(
    `\nTarget ≥ ${TARGET_PER_SECOND}/s: ${fast ? 'met' : 'missed'}; target < 60 KB: ${largest < TARGET_BYTES ? 'met' : 'missed'}`,
  );
}

await main();

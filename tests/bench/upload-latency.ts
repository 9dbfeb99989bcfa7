/**
 * `npm run bench:upload`: how long other visitors wait while an officer imports. Starts the built server on a
 * throwaway copy of the demo database (1,757 drivers), signs the demo officer in, and then, one at a time:
 * (a) uploads a 5 MB hostile register file (the header, then one-cell rows: the review's F-6 case);
 * (b) uploads a valid 50,000-row register file to check it, and (c) applies it. While each is in flight, two
 * other visitors keep asking, one request after another, for `/verify/` (the public certificate check) and
 * for `/officer/` (another officer's dashboard); each answer is timed. Prints a Markdown table: what the
 * officer's request answered and took, then the other visitors' median and 99th-percentile waits during it,
 * against the same pages with nothing else happening.
 *
 * Usage: npm run bench:upload [-- [--before DIR] [--rows N]]
 * `--before DIR` first runs the same against another checkout with a built `dist/` (e.g. main before a change),
 * so that both sets of figures come from one run on the same machine.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { signInOfficer } from './support/accounts.ts';
import { withDemoServer } from './support/demo-database.ts';
import { ensureBuilt, request } from './support/server.ts';
import { median, quantile } from './support/statistics.ts';

const args = process.argv.slice(2).filter((a) => a !== '--');
function option(name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}
const BEFORE = option('--before');
const ROWS = Number(option('--rows') ?? 50_000);
const PORT = Number(process.env.PORT || 4504);
const HOSTILE_BYTES = 5 * 1024 * 1024;
const REGISTER_HEADER = 'badge_number,surname,forenames,licence_type,licence_expiry,date_of_birth,email,postcode';
/** The other visitors' pages, and the pause between one answer and the next request. */
const PROBES = ['/verify/', '/officer/'] as const;
const PAUSE_MS = 20;

function hostileFile(): Buffer {
  const header = REGISTER_HEADER.split(',').slice(0, 5).join(',');
  return Buffer.from(`${header}\n${'a\n'.repeat(Math.floor((HOSTILE_BYTES - header.length - 1) / 2))}`);
}

/** A valid register of new drivers, with some optional columns, as a licensing office would export it. */
function registerFile(rows: number): Buffer {
  const types = ['hackney_carriage', 'private_hire', 'dual'];
  const lines = [REGISTER_HEADER];
  for (let i = 1; i <= rows; i += 1) {
    lines.push(
      `BENCH${i},Surname${i},Forename ${i},${types[i % 3]},2030-0${(i % 9) + 1}-15,1970-01-${String((i % 28) + 1).padStart(2, '0')},driver${i}@example.org,DH1 ${(i % 9) + 1}UQ`,
    );
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** Times the probe pages, one request after another, until `done` says stop; at least once each. */
async function probe(url: string, cookie: string, done: () => boolean): Promise<Record<string, number[]>> {
  const waits = Object.fromEntries(PROBES.map((p) => [p, [] as number[]]));
  await Promise.all(
    PROBES.map(async (path) => {
      do {
        const started = performance.now();
        // A fresh connection each time: a kept-alive one that the server closes meanwhile resets the next request.
        const reply = await fetch(`${url}${path}`, {
          headers: { Connection: 'close', ...(path.startsWith('/officer') ? { Cookie: cookie } : {}) },
        });
        await reply.arrayBuffer();
        if (reply.status !== 200) throw new Error(`${path} answered ${reply.status}`);
        waits[path]!.push(performance.now() - started);
        await sleep(PAUSE_MS);
      } while (!done());
    }),
  );
  return waits;
}

interface Row {
  what: string;
  status: number | null;
  tookMs: number | null;
  waits: Record<string, number[]>;
}

/** Runs `send` (the officer's request) while the other visitors probe; returns its answer and their waits. */
async function during(
  what: string,
  url: string,
  cookie: string,
  send: () => Promise<Response>,
): Promise<Row & { body: string }> {
  let finished = false;
  const started = performance.now();
  const sent = send().then(async (response) => {
    const body = await response.text();
    finished = true;
    return { status: response.status, body, tookMs: performance.now() - started };
  });
  const waits = await probe(url, cookie, () => finished);
  return { what, waits, ...(await sent) };
}

function upload(url: string, cookie: string, name: string, file: Buffer): () => Promise<Response> {
  return () => {
    const form = new FormData();
    form.set('kind', 'register');
    form.set('file', new Blob([new Uint8Array(file)], { type: 'text/csv' }), name);
    return fetch(`${url}/officer/import/`, { method: 'POST', body: form, headers: { Cookie: cookie, Origin: url } });
  };
}

async function measure(root: string, label: string): Promise<string[]> {
  return withDemoServer({ port: PORT, env: { PORTAL_LOG: 'silent' }, root }, async (server, bench) => {
    const url = server.url;
    const cookie = await signInOfficer(url, bench.path);
    // Opening the import page first, as an officer does (it also starts the import worker where there is one).
    await request(`${url}/officer/import/`, { cookie });
    await probe(url, cookie, () => true);
    let idleRounds = 0;
    const idle: Row = {
      what: 'nothing (idle)',
      status: null,
      tookMs: null,
      waits: await probe(url, cookie, () => ++idleRounds >= 30),
    };
    const hostile = await during(
      'uploads a 5 MB hostile file',
      url,
      cookie,
      upload(url, cookie, 'hostile.csv', hostileFile()),
    );
    const checked = await during(
      `uploads a valid ${ROWS.toLocaleString('en-GB')}-row register to check it`,
      url,
      cookie,
      upload(url, cookie, 'register.csv', registerFile(ROWS)),
    );
    const token = /name="upload" value="([^"]+)"/.exec(checked.body)?.[1];
    if (!token) throw new Error(`The check gave no Apply button (${checked.status})`);
    const applied = await during('applies it', url, cookie, () =>
      fetch(`${url}/officer/import/apply`, {
        method: 'POST',
        body: new URLSearchParams({ kind: 'register', upload: token }),
        headers: { Cookie: cookie, Origin: url },
      }),
    );
    const drivers = bench.db.$client
      .prepare("select count(*) from drivers where badge_number like 'BENCH%'")
      .pluck()
      .get();
    if (drivers !== ROWS) throw new Error(`${drivers} of ${ROWS} drivers were imported`);
    const ms = (n: number | null) => (n === null ? '' : `${Math.round(n).toLocaleString('en-GB')} ms`);
    return [idle, hostile, checked, applied].map(
      (row) =>
        `| ${label} | ${row.what} | ${row.status ?? ''} | ${ms(row.tookMs)} | ${PROBES.map((p) => {
          const w = row.waits[p]!;
          return `${ms(median(w))} | ${ms(quantile(w, 0.99))} | ${w.length}`;
        }).join(' | ')} |`,
    );
  });
}

function commitOf(root: string): string {
  return execFileSync('git', ['-C', root, 'log', '-1', '--format=%h'], { encoding: 'utf8' }).trim();
}

ensureBuilt();
const runs: [string, string][] = [];
if (BEFORE) runs.push([resolve(BEFORE), `before (${commitOf(resolve(BEFORE))})`]);
runs.push([process.cwd(), BEFORE ? `after (${commitOf(process.cwd())})` : commitOf(process.cwd())]);
console.log(
  `| code | the officer | answer | took | ${PROBES.map((p) => `\`${p}\` median | \`${p}\` p99 | \`${p}\` requests`).join(' | ')} |`,
);
console.log(`|---|---|---|---:|${PROBES.map(() => '---:|---:|---:').join('|')}|`);
for (const [root, label] of runs) {
  console.error(`== ${label}: ${root}`);
  for (const line of await measure(root, label)) console.log(line);
}

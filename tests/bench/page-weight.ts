/**
 * Public page weight as a browser receives it: for one built page of each type, the bytes of the
 * HTML, its stylesheets and scripts as they cross the wire from the production server (`npm start`
 * on loopback, asked with `Accept-Encoding: br, gzip` as browsers do), and the uncompressed size.
 * Target: a page with its CSS and JS within 14 KB, the first round trip of a new connection.
 *
 *   npm run bench:pages   (builds first if needed; BENCH_PORT=4603)
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ensureBuilt, request, startServer, type Reply } from './support/server.ts';
import { AUDIENCE_SLUGS } from '../../src/lib/audiences.ts';

const ROOT = 'dist/client';

interface Weight {
  type: string;
  page: string | null;
  html: Wire;
  css: Wire;
  js: Wire;
  scripts: string[];
}

/** Bytes on the wire and once decoded, with the encodings the server used. */
interface Wire {
  wire: number;
  raw: number;
  encodings: Set<string>;
}

const ACCEPT = { 'Accept-Encoding': 'br, gzip' };
const TARGET_BYTES = 14 * 1024;

function decode(reply: Reply): Buffer {
  const encoding = reply.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(reply.bytes);
  if (encoding === 'gzip') return gunzipSync(reply.bytes);
  return reply.bytes;
}

/** The first audience index that was built. */
function audienceIndex(): string | null {
  const slug = AUDIENCE_SLUGS.find((s) => existsSync(join(ROOT, s, 'index.html')));
  return slug ? `/${slug}/` : null;
}

/** The first article page (`/<audience>/<slug>/`) that was built. */
function article(): string | null {
  for (const audience of AUDIENCE_SLUGS) {
    const dir = join(ROOT, audience);
    if (!existsSync(dir)) continue;
    const slug = readdirSync(dir).find(
      (f) => statSync(join(dir, f)).isDirectory() && existsSync(join(dir, f, 'index.html')),
    );
    if (slug) return `/${audience}/${slug}/`;
  }
  return null;
}

/**
 * The stylesheets and scripts a page loads. The HTML is this project's own
 * build output, so matching its `<link>` and `<script>` tags is enough here.
 */
function assets(html: string): { css: string[]; js: string[] } {
  const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]+)"`).exec(tag)?.[1] ?? null;
  const css = [...html.matchAll(/<link\b[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => attr(tag, 'rel') === 'stylesheet')
    .map((tag) => attr(tag, 'href'))
    .filter((href): href is string => href !== null);
  const js = [...html.matchAll(/<script\b[^>]*>/g)]
    .map((m) => attr(m[0], 'src'))
    .filter((src): src is string => src !== null);
  return { css, js };
}

async function fetchAll(base: string, urls: string[]): Promise<{ wire: Wire; bodies: Buffer[] }> {
  const wire: Wire = { wire: 0, raw: 0, encodings: new Set() };
  const bodies: Buffer[] = [];
  for (const url of urls) {
    const reply = await request(new URL(url, base).href, { headers: ACCEPT });
    if (reply.status !== 200 && reply.status !== 404) throw new Error(`${url} answered ${reply.status}`);
    const body = decode(reply);
    wire.wire += reply.bytes.length;
    wire.raw += body.length;
    wire.encodings.add(String(reply.headers['content-encoding'] ?? 'none'));
    bodies.push(body);
  }
  return { wire, bodies };
}

async function weigh(base: string, type: string, page: string | null): Promise<Weight> {
  const none = (): Wire => ({ wire: 0, raw: 0, encodings: new Set() });
  if (!page) return { type, page, html: none(), css: none(), js: none(), scripts: [] };
  const { wire: html, bodies } = await fetchAll(base, [page]);
  const { css, js } = assets(bodies[0]!.toString('utf8'));
  return { type, page, html, css: (await fetchAll(base, css)).wire, js: (await fetchAll(base, js)).wire, scripts: js };
}

async function main(): Promise<void> {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'page-weight-'));
  const server = await startServer(join(dir, 'portal.db'), Number(process.env.BENCH_PORT ?? 4603));
  try {
    const pages: Array<[string, string | null]> = [
      ['home', '/'],
      ['audience index', audienceIndex()],
      ['article', article()],
      ['get-help', '/get-help/'],
      ['search', '/search/'],
      ['taxi-drivers', '/taxi-drivers/'],
      ['404', '/404.html'],
    ];
    const rows: Weight[] = [];
    for (const [type, page] of pages) rows.push(await weigh(server.url, type, page));
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    const cell = (w: Wire) => `${kb(w.wire)} (${kb(w.raw)})`;
    console.log('Bytes on the wire (uncompressed in brackets); encodings as the server sent them.\n');
    console.log('| page type | page | HTML | CSS | JS | total on the wire | encodings | within 14 KB |');
    console.log('|---|---|---:|---:|---:|---:|---|---|');
    for (const r of rows) {
      if (!r.page) {
        console.log(`| ${r.type} | not built | – | – | – | – | – | – |`);
        continue;
      }
      const total = r.html.wire + r.css.wire + r.js.wire;
      const encodings = [...new Set([...r.html.encodings, ...r.css.encodings, ...r.js.encodings])].join(', ');
      console.log(
        `| ${r.type} | \`${r.page}\` | ${cell(r.html)} | ${cell(r.css)} | ${cell(r.js)} | ${kb(total)} | ` +
          `${encodings} | ${total <= TARGET_BYTES ? 'yes' : '**no**'} |`,
      );
    }
    const runtime = await fetchAll(server.url, ['/pagefind/pagefind.js']);
    console.log(
      `\nSearch loads Pagefind only when a query is made: pagefind.js is ${kb(runtime.wire.wire)} on the wire ` +
        `(${kb(runtime.wire.raw)} uncompressed), plus its WebAssembly (stored compressed) and the index chunks ` +
        'the query needs.',
    );
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

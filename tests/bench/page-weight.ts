/**
 * Public page weight: for one built page of each type, the HTML and CSS
 * (gzipped, as served over the wire) and the JavaScript it loads. Reads the
 * build output in dist/client, so run `npm run build` first:
 *
 *   npm run build && npm run bench:pages
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { AUDIENCE_SLUGS } from '../../src/lib/audiences.ts';

const ROOT = 'dist/client';

interface Weight {
  type: string;
  page: string | null;
  htmlGzip: number;
  cssGzip: number;
  jsBytes: number;
  jsGzip: number;
  scripts: string[];
}

const gzipped = (bytes: Buffer): number => gzipSync(bytes, { level: 9 }).length;

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

function fileFor(page: string): string {
  return page.endsWith('.html') ? join(ROOT, page) : join(ROOT, page, 'index.html');
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

function weigh(type: string, page: string | null): Weight {
  const empty = { type, page, htmlGzip: 0, cssGzip: 0, jsBytes: 0, jsGzip: 0, scripts: [] };
  if (!page || !existsSync(fileFor(page))) return { ...empty, page: null };
  const html = readFileSync(fileFor(page));
  const { css, js } = assets(html.toString('utf8'));
  const read = (url: string) => readFileSync(join(ROOT, new URL(url, 'http://site').pathname));
  const scripts = js.map(read);
  return {
    type,
    page,
    htmlGzip: gzipped(html),
    cssGzip: css.reduce((sum, url) => sum + gzipped(read(url)), 0),
    jsBytes: scripts.reduce((sum, b) => sum + b.length, 0),
    jsGzip: scripts.reduce((sum, b) => sum + gzipped(b), 0),
    scripts: js,
  };
}

function main(): void {
  if (!existsSync(join(ROOT, 'index.html'))) {
    console.error('No build found in dist/client: run `npm run build` first.');
    process.exit(1);
  }
  const rows = [
    weigh('home', '/'),
    weigh('audience index', audienceIndex()),
    weigh('article', article()),
    weigh('get-help', '/get-help/'),
    weigh('search', '/search/'),
    weigh('taxi-drivers', '/taxi-drivers/'),
    weigh('404', '/404.html'),
  ];
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log('| page type | page | HTML gzip | CSS gzip | JS (raw / gzip) | scripts |');
  console.log('|---|---|---:|---:|---:|---|');
  for (const r of rows) {
    if (!r.page) {
      console.log(`| ${r.type} | not built | – | – | – | – |`);
      continue;
    }
    console.log(
      `| ${r.type} | \`${r.page}\` | ${kb(r.htmlGzip)} | ${kb(r.cssGzip)} | ${r.jsBytes} B / ${r.jsGzip} B | ${r.scripts.join(', ')} |`,
    );
  }
  const runtime = join(ROOT, 'pagefind', 'pagefind.js');
  if (existsSync(runtime)) {
    // The site is en-GB, so the browser fetches that language's WebAssembly build only.
    const wasm = join(ROOT, 'pagefind', 'wasm.en-gb.pagefind');
    const wasmSize = existsSync(wasm) ? ` plus its WebAssembly (${kb(statSync(wasm).size)}, stored compressed)` : '';
    console.log(
      `\nSearch loads Pagefind only when a query is made: pagefind.js ${kb(gzipped(readFileSync(runtime)))} gzipped,` +
        `${wasmSize} and the index chunks the query needs.`,
    );
  }
}

main();

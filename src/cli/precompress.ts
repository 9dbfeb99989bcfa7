/**
 * Build step (after `astro build` and Pagefind): writes a brotli (`.br`, best quality) and a gzip
 * (`.gz`, level 9) copy next to every text file in dist/client, so the server sends static files
 * compressed without spending CPU per request. A copy that saves less than 5% is not kept.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { PRECOMPRESSED } from '../lib/http/compression.ts';

const ROOT = 'dist/client';
const TEXT = new Set(['.html', '.css', '.js', '.mjs', '.json', '.svg', '.xml', '.txt', '.webmanifest']);
const MIN_BYTES = 256;

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

let count = 0;
let before = 0;
let after = 0;
for (const path of files(ROOT)) {
  if (!TEXT.has(extname(path))) continue;
  const raw = readFileSync(path);
  const copies = {
    br: brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    }),
    gzip: gzipSync(raw, { level: 9 }),
  };
  for (const [encoding, bytes] of Object.entries(copies) as Array<[keyof typeof PRECOMPRESSED, Buffer]>) {
    const target = path + PRECOMPRESSED[encoding];
    if (raw.length >= MIN_BYTES && bytes.length < raw.length * 0.95) writeFileSync(target, bytes);
    else rmSync(target, { force: true });
  }
  count += 1;
  before += raw.length;
  after += copies.br.length;
}
console.log(`Precompressed ${count} files: ${before} B, ${after} B as brotli.`);

/**
 * The built files in dist/client, indexed once at start so a request for a page the server renders
 * costs no file-system look-up, and sent with the precompressed copy the client accepts (written by
 * `src/cli/precompress.ts` at build time).
 */
import type http from 'node:http';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { PRECOMPRESSED, chooseEncoding, isCompressible, type Encoding } from '../lib/http/compression.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

interface Variant {
  path: string;
  size: number;
}

/** One built file and its compressed copies. */
export interface StaticFile {
  type: string;
  etag: string;
  lastModified: string;
  immutable: boolean;
  plain: Variant;
  encoded: Partial<Record<Encoding, Variant>>;
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

/**
 * Maps URL paths to the files under `root`. A page built as `x/index.html` answers `/x/` and `/x`
 * too, as the node adapter does with `trailingSlash: 'ignore'`.
 */
export function indexStaticFiles(root: string): Map<string, StaticFile> {
  const index = new Map<string, StaticFile>();
  if (!existsSync(root)) return index;
  const compressedSuffixes = new Set(Object.values(PRECOMPRESSED));
  for (const path of walk(root)) {
    if (compressedSuffixes.has(extname(path))) continue;
    const st = statSync(path);
    const encoded: StaticFile['encoded'] = {};
    for (const [encoding, suffix] of Object.entries(PRECOMPRESSED) as Array<[Encoding, string]>) {
      if (existsSync(path + suffix)) encoded[encoding] = { path: path + suffix, size: statSync(path + suffix).size };
    }
    const url = '/' + relative(root, path).split(sep).join('/');
    const file: StaticFile = {
      type: TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
      etag: `W/"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}`,
      lastModified: st.mtime.toUTCString(),
      immutable: url.startsWith('/_astro/'),
      plain: { path, size: st.size },
      encoded,
    };
    index.set(url, file);
    if (url.endsWith('/index.html')) {
      const dir = url.slice(0, -'index.html'.length);
      index.set(dir, file);
      if (dir !== '/') index.set(dir.slice(0, -1), file);
    }
  }
  return index;
}

/** The URL path of a request without query or fragment, decoded; null when it cannot be decoded. */
export function requestPath(url: string | undefined): string | null {
  const path = (url ?? '/').split(/[?#]/, 1)[0]!;
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/**
 * Sends a built file with the encoding the client accepts (brotli, then gzip, else as built),
 * `Vary: Accept-Encoding` for text, and a 304 when the client's copy is current.
 */
export function sendStaticFile(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  file: StaticFile,
  status = 200,
): void {
  const accepted = chooseEncoding(req.headers['accept-encoding']);
  const encoding = accepted && file.encoded[accepted] ? accepted : null;
  const variant = encoding ? file.encoded[encoding]! : file.plain;
  const etag = encoding ? `${file.etag.slice(0, -1)}-${encoding}"` : file.etag;
  res.setHeader('Content-Type', file.type);
  res.setHeader('Cache-Control', file.immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=0');
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', file.lastModified);
  if (isCompressible(file.type)) res.setHeader('Vary', 'Accept-Encoding');
  if (status === 200 && req.headers['if-none-match'] === etag) {
    res.writeHead(304).end();
    return;
  }
  if (encoding) res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', variant.size);
  res.writeHead(status);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(variant.path)
    .on('error', () => res.destroy())
    .pipe(res);
}

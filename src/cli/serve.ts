/**
 * Serves the built site: built files (prerendered pages, styles, scripts) from an index made at
 * start, precompressed; on-demand routes through the node adapter's handler. Every response carries
 * the security headers, and every request carries the socket's own address for the rate limits
 * (see `src/lib/http/client-address.ts`).
 */
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { config, publicBaseUrl } from '../lib/config.ts';
import { PEER_ADDRESS_HEADER } from '../lib/http/client-address.ts';
import { securityHeaders } from '../lib/http/headers.ts';
import { indexStaticFiles, requestPath, sendStaticFile } from './static-files.ts';

/** The adapter's handler in `middleware` mode: renders the matching route, or the 404 page. */
type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

/**
 * `/404` asked for by name: the node adapter tries to render the prerendered
 * 404 page on demand and answers 500, so the server sends the built page itself.
 */
const NOT_FOUND_BY_NAME = /^\/404\/?(?:\?.*)?$/;

/** Whether the request's URL decodes (the standalone adapter answered 400 "Bad request." when not). */
function decodable(url: string | undefined): boolean {
  try {
    decodeURI(url ?? '/');
    return true;
  } catch {
    return false;
  }
}

/**
 * With BENCH_STATS=1 only: `/_bench/stats` reports the event-loop delay (ms) and the CPU time the
 * whole process used (s, every thread: hashing and PDF workers too) since the last `?reset=1`, and the
 * process memory, so the load benchmarks can measure them inside the server.
 */
function benchStats(): ((req: http.IncomingMessage, res: http.ServerResponse) => boolean) | null {
  if (!config.benchStats) return null;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let cpuSince = process.cpuUsage();
  return (req, res) => {
    if (!req.url?.startsWith('/_bench/stats')) return false;
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const body = JSON.stringify({
      eventLoopDelay: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
      cpuSeconds: cpuSeconds(process.cpuUsage(cpuSince)),
      memory: process.memoryUsage(),
    });
    if (req.url.includes('reset=1')) {
      delay.reset();
      cpuSince = process.cpuUsage();
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    return true;
  };
}

const cpuSeconds = (used: NodeJS.CpuUsage): number => (used.user + used.system) / 1e6;

/** Starts the HTTP server on `host:port` and resolves once it is listening. */
export async function serve(host: string, port: number): Promise<http.Server> {
  const entry = pathToFileURL(resolve(process.cwd(), 'dist/server/entry.mjs')).href;
  const { handler, pageMap } = (await import(entry)) as {
    handler: NodeHandler;
    pageMap: Map<string, () => Promise<unknown>>;
  };
  // The adapter imports a page's module on every request; under tsx's loader each import() is a
  // round trip to the loader thread. The modules never change while the server runs: import each once.
  for (const [component, load] of pageMap) {
    let loaded: Promise<unknown> | undefined;
    pageMap.set(component, () => (loaded ??= load()));
  }
  const files = indexStaticFiles(resolve(process.cwd(), 'dist/client'));
  const notFoundPage = files.get('/404.html');
  const https = (publicBaseUrl() ?? '').startsWith('https:');
  const headers = securityHeaders(https);
  const stats = benchStats();
  const server = http.createServer((req, res) => {
    if (stats?.(req, res)) return;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (!decodable(req.url)) {
      res.writeHead(400).end('Bad request.');
      return;
    }
    if (notFoundPage && NOT_FOUND_BY_NAME.test(req.url ?? '')) {
      sendStaticFile(req, res, notFoundPage, 404);
      return;
    }
    const path = req.method === 'GET' || req.method === 'HEAD' ? requestPath(req.url) : null;
    const file = path === null ? undefined : files.get(path);
    if (file) {
      sendStaticFile(req, res, file);
      return;
    }
    // Astro's clientAddress believes any X-Forwarded-For; the socket's address goes to the routes in a header
    // that overwrites whatever the client sent under that name.
    req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? '';
    void handler(req, res);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  });
  return server;
}

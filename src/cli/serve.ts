/**
 * Serves the built site: prerendered pages and on-demand routes through the
 * node adapter's handler, wrapped so every response (static files included)
 * carries the security headers.
 */
import http from 'node:http';
import { createReadStream } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { publicBaseUrl } from '../lib/config.ts';
import { securityHeaders } from '../lib/http/headers.ts';

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/**
 * `/404` asked for by name: the node adapter tries to render the prerendered
 * 404 page on demand and answers 500, so the server sends the built page itself.
 */
const NOT_FOUND_BY_NAME = /^\/404\/?(?:\?.*)?$/;

/** Starts the HTTP server on `host:port` and resolves once it is listening. */
export async function serve(host: string, port: number): Promise<http.Server> {
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const entry = pathToFileURL(resolve(process.cwd(), 'dist/server/entry.mjs')).href;
  const { handler } = (await import(entry)) as { handler: NodeHandler };
  const https = (publicBaseUrl() ?? '').startsWith('https:');
  const headers = securityHeaders(https);
  const server = http.createServer((req, res) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (NOT_FOUND_BY_NAME.test(req.url ?? '')) {
      res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
      createReadStream(resolve(process.cwd(), 'dist/client/404.html')).pipe(res);
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  });
  return server;
}

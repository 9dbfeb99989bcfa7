import { describe, expect, it } from 'vitest';
import http from 'node:http';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { chooseEncoding, compressResponse, varyOnEncoding } from '../../src/lib/http/compression.ts';
import { indexStaticFiles, requestPath, sendStaticFile } from '../../src/cli/static-files.ts';

const page = '<!doctype html><title>x</title>' + '<p>Report a concern to the licensing office.</p>'.repeat(200);

function htmlResponse(type = 'text/html; charset=utf-8'): Response {
  return new Response(page, { status: 200, headers: { 'Content-Type': type } });
}

const get = (accept?: string) =>
  new Request('http://localhost/training/', { headers: accept === undefined ? {} : { 'Accept-Encoding': accept } });

describe('choosing an encoding', () => {
  it('prefers the one asked for, falls back to the other, and honours q=0 and identity', () => {
    expect(chooseEncoding('br, gzip')).toBe('br');
    expect(chooseEncoding('br, gzip', 'gzip')).toBe('gzip');
    expect(chooseEncoding('gzip, deflate')).toBe('gzip');
    expect(chooseEncoding('br', 'gzip')).toBe('br');
    expect(chooseEncoding('gzip;q=0, br;q=0.5', 'gzip')).toBe('br');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('identity')).toBeNull();
    expect(chooseEncoding(undefined)).toBeNull();
    expect(chooseEncoding('')).toBeNull();
  });

  it('adds Accept-Encoding to Vary once', () => {
    expect(varyOnEncoding(null)).toBe('Accept-Encoding');
    expect(varyOnEncoding('Cookie')).toBe('Cookie, Accept-Encoding');
    expect(varyOnEncoding('accept-encoding')).toBe('accept-encoding');
  });
});

describe('compressing a rendered response', () => {
  it('gzips HTML for a browser that accepts it, to the same bytes once decompressed', async () => {
    const out = compressResponse(get('br, gzip'), htmlResponse());
    expect(out.headers.get('Content-Encoding')).toBe('gzip');
    expect(out.headers.get('Vary')).toBe('Accept-Encoding');
    const body = Buffer.from(await out.arrayBuffer());
    expect(body.length).toBeLessThan(Buffer.byteLength(page) / 5);
    expect(gunzipSync(body).toString()).toBe(page);
  });

  it('sends CSV and JSON compressed too', () => {
    for (const type of ['text/csv; charset=utf-8', 'application/json']) {
      expect(compressResponse(get('gzip'), htmlResponse(type)).headers.get('Content-Encoding')).toBe('gzip');
    }
  });

  it('sends plain text to a client that does not accept compression, still varying on it', async () => {
    const out = compressResponse(get('identity'), htmlResponse());
    expect(out.headers.get('Content-Encoding')).toBeNull();
    expect(out.headers.get('Vary')).toBe('Accept-Encoding');
    expect(await out.text()).toBe(page);
  });

  it('streams a large body (an export) through gzip in pieces, to the same bytes', async () => {
    const line = 'DC10001,Smith,John,Private hire,2017-01-01,Overdue,,,\r\n';
    const parts = Array.from({ length: 5000 }, (_, i) => `${i},${line}`);
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
        controller.close();
      },
    });
    const csv = new Response(source, { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
    const out = compressResponse(get('gzip'), csv);
    expect(gunzipSync(Buffer.from(await out.arrayBuffer())).toString()).toBe(parts.join(''));
  });

  it('never touches a PDF', async () => {
    const pdf = new Response('%PDF-1.7 fake', { headers: { 'Content-Type': 'application/pdf' } });
    const out = compressResponse(get('br, gzip'), pdf);
    expect(out).toBe(pdf);
    expect(out.headers.get('Content-Encoding')).toBeNull();
  });
});

describe('static files', () => {
  it('serves the precompressed copy the client accepts, with the right type and length', async () => {
    const root = mkdtempSync(join(tmpdir(), 'static-'));
    mkdirSync(join(root, 'about'));
    writeFileSync(join(root, 'about', 'index.html'), page);
    writeFileSync(join(root, 'about', 'index.html.br'), brotliCompressSync(page));
    writeFileSync(join(root, 'about', 'index.html.gz'), gzipSync(page));
    writeFileSync(join(root, 'doc.pdf'), '%PDF-1.7 fake');
    const files = indexStaticFiles(root);
    expect([...files.keys()].sort()).toEqual(['/about', '/about/', '/about/index.html', '/doc.pdf']);
    const server = http.createServer((req, res) => sendStaticFile(req, res, files.get(requestPath(req.url)!)!));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const { port } = server.address() as { port: number };
    const fetchRaw = (path: string, accept: string) =>
      new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((ok) =>
        http.get({ port, host: '127.0.0.1', path, headers: { 'Accept-Encoding': accept } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => ok({ headers: res.headers, body: Buffer.concat(chunks) }));
        }),
      );
    try {
      const br = await fetchRaw('/about/', 'gzip, br');
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(br.headers.vary).toBe('Accept-Encoding');
      expect(Number(br.headers['content-length'])).toBe(br.body.length);
      const gz = await fetchRaw('/about?x=1', 'gzip');
      expect(gunzipSync(gz.body).toString()).toBe(page);
      const plain = await fetchRaw('/about/index.html', 'identity');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.toString()).toBe(page);
      const pdf = await fetchRaw('/doc.pdf', 'br, gzip');
      expect(pdf.headers['content-encoding']).toBeUndefined();
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.headers.vary).toBeUndefined();
    } finally {
      server.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

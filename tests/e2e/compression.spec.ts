import { expect, test } from '@playwright/test';
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { e2eDb, insertDriver, insertUser, uniqueBadge } from './support/db.ts';
import { createHash, randomBytes } from 'node:crypto';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A GET that keeps the bytes as they crossed the wire (Playwright's client would decompress them). */
function rawGet(url: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((ok, fail) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', fail);
  });
}

function decoded(reply: Raw): Buffer {
  const encoding = reply.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(reply.body);
  if (encoding === 'gzip') return gunzipSync(reply.body);
  return reply.body;
}

/** Checks a URL is sent compressed to a browser that accepts it, and plain to one that does not. */
async function expectCompressed(url: string, cookie?: string): Promise<void> {
  const extra: Record<string, string> = cookie ? { Cookie: cookie } : {};
  const plain = await rawGet(url, { ...extra, 'Accept-Encoding': 'identity' });
  expect(plain.status).toBe(200);
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.headers.vary).toMatch(/accept-encoding/i);
  for (const accept of ['br, gzip', 'gzip']) {
    const packed = await rawGet(url, { ...extra, 'Accept-Encoding': accept });
    expect(packed.status).toBe(200);
    expect(['br', 'gzip']).toContain(packed.headers['content-encoding']);
    expect(packed.headers.vary).toMatch(/accept-encoding/i);
    if (accept === 'gzip') expect(packed.headers['content-encoding']).toBe('gzip');
    if (packed.headers['content-length']) expect(Number(packed.headers['content-length'])).toBe(packed.body.length);
    expect(packed.body.length).toBeLessThan(plain.body.length);
    expect(decoded(packed).equals(plain.body)).toBe(true);
  }
}

test('the home page and its stylesheet go over the wire compressed, and plain to clients that ask for that', async ({
  baseURL,
}) => {
  await expectCompressed(`${baseURL}/`);
  const html = (await rawGet(`${baseURL}/`, {})).body.toString();
  const css = /<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/.exec(html)?.[1];
  expect(css).toBeTruthy();
  await expectCompressed(`${baseURL}${css}`);
});

test('a signed-in driver’s training page is compressed on the fly', async ({ baseURL }) => {
  const db = e2eDb();
  const driverId = insertDriver(db, { badgeNumber: uniqueBadge('Z'), surname: 'Wire', forenames: 'Tess' });
  const userId = insertUser(db, {
    email: `wire.${uniqueBadge()}@example.test`.toLowerCase(),
    role: 'driver',
    driverId,
  });
  const id = randomBytes(16).toString('hex');
  const secret = randomBytes(16).toString('hex');
  db.prepare('insert into sessions (id, secret_hash, user_id, created_at, last_seen_at) values (?, ?, ?, ?, ?)').run(
    id,
    createHash('sha256').update(secret).digest(),
    userId,
    Date.now(),
    Date.now(),
  );
  db.close();
  await expectCompressed(`${baseURL}/training/`, `session=${id}.${secret}`);
});

/**
 * A local stand-in for the GOV.UK Notify API (the parts the portal uses):
 * sending e-mails and texts, and listing notifications by reference. It keeps
 * what it was sent, so tests can check it; nothing leaves the machine.
 * Addresses starting `rejected` get Notify's 400 answer, `down` a 500.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A notification the fake accepted. */
export interface FakeNotification {
  type: 'email' | 'sms';
  to: string;
  templateId: string;
  personalisation: Record<string, string>;
  reference: string | null;
  authorization: string;
}

export interface FakeNotify {
  baseUrl: string;
  received: FakeNotification[];
  close(): Promise<void>;
}

/** Starts the fake on a free local port. */
export async function startFakeNotify(): Promise<FakeNotify> {
  const received: FakeNotification[] = [];
  const server = http.createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://fake');
    if (!req.headers.authorization?.startsWith('Bearer ')) {
      answer(403, {
        status_code: 403,
        errors: [{ error: 'AuthError', message: 'Unauthorized: authentication token must be provided' }],
      });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/v2/notifications') {
      const reference = url.searchParams.get('reference');
      answer(200, {
        notifications: received
          .filter((n) => n.reference === reference)
          .map((n, i) => ({ id: `n${i}`, reference: n.reference })),
      });
      return;
    }
    const type = /^\/v2\/notifications\/(email|sms)$/.exec(url.pathname)?.[1] as 'email' | 'sms' | undefined;
    if (req.method !== 'POST' || !type) {
      answer(404, { status_code: 404, errors: [{ error: 'NotFound', message: 'Not found' }] });
      return;
    }
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      const to = String(type === 'email' ? body.email_address : body.phone_number);
      if (to.startsWith('rejected')) {
        answer(400, {
          status_code: 400,
          errors: [{ error: 'ValidationError', message: 'email_address Not a valid email address' }],
        });
        return;
      }
      if (to.startsWith('down')) {
        answer(500, { status_code: 500, errors: [{ error: 'Exception', message: 'Internal server error' }] });
        return;
      }
      received.push({
        type,
        to,
        templateId: String(body.template_id),
        personalisation: (body.personalisation ?? {}) as Record<string, string>,
        reference: (body.reference as string | undefined) ?? null,
        authorization: req.headers.authorization!,
      });
      answer(201, { id: `n${received.length}`, reference: body.reference ?? null, content: {}, uri: '', template: {} });
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

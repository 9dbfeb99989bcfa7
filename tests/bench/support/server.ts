/**
 * The production server for the HTTP benchmarks: the built site served by the compiled `src/cli/start.ts`
 * (`dist/cli/start.mjs`, what `npm start` runs) in a child process on loopback, and requests to it on
 * kept-alive connections.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { COMPILED_SERVER, buildIfNeeded } from '../../../src/cli/build.ts';

/** Builds the site unless the build is newer than every source (the same rule as `npm start`). */
export function ensureBuilt(): void {
  buildIfNeeded();
}

export interface RunningServer {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the compiled server (`dist/cli/start.mjs`) on 127.0.0.1:`port` against the database, with rate limits
 * raised and the event-loop statistics endpoint on. `nodeArgs` go to Node (e.g. `--cpu-prof`). `root` is the
 * checkout whose built server runs (another one, e.g. an older commit's, for a before and after).
 */
export async function startServer(
  databasePath: string,
  port: number,
  nodeArgs: string[] = [],
  env: Record<string, string> = {},
  root: string = process.cwd(),
): Promise<RunningServer> {
  // An older checkout (a before-and-after run) may predate the compiled server: it then runs from source.
  const entry = existsSync(join(root, COMPILED_SERVER)) ? [COMPILED_SERVER] : ['--import', 'tsx', 'src/cli/start.ts'];
  const child = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: root,
    env: {
      ...process.env,
      SKIP_BUILD: '1',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_PATH: databasePath,
      RATE_LIMIT_MULTIPLIER: '100000',
      BENCH_STATS: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  // The server must not outlive the benchmark, however it ends.
  process.once('exit', () => child.kill());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(1));
  await new Promise<void>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Serving on')) ok();
    });
    child.once('exit', (code) => fail(new Error(`The server exited (${code}) before listening:\n${out}`)));
  });
  child.stdout!.resume();
  return {
    url,
    port,
    child,
    stop: () =>
      new Promise<void>((ok) => {
        // A server that has already exited (it crashed) sends no second 'exit': waiting for one would hang the
        // `finally` that stops it and hide the error that ended the benchmark.
        if (child.exitCode !== null || child.signalCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGINT');
      }),
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as it crossed the wire (compressed if the server compressed it). */
  bytes: Buffer;
  body: string;
  ms: number;
}

/** One HTTP request on a keep-alive connection; the body is read in full. */
export function request(
  url: string,
  options: { method?: string; cookie?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const started = performance.now();
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const target = new URL(url);
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.Cookie = options.cookie;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    headers['Content-Length'] = String(Buffer.byteLength(body));
    headers.Origin = target.origin;
  }
  return new Promise((ok, fail) => {
    const req = http.request(target, { method: options.method ?? (body ? 'POST' : 'GET'), headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        ok({
          status: res.statusCode ?? 0,
          headers: res.headers,
          bytes,
          body: bytes.toString(),
          ms: performance.now() - started,
        });
      });
      res.on('error', fail);
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`No answer in 30 s: ${url}`)));
    req.on('error', fail);
    req.end(body);
  });
}

/** The server's event-loop delay, CPU time (every thread) and memory since the last reset (BENCH_STATS). */
export async function serverStats(
  url: string,
  reset = false,
): Promise<{
  eventLoopDelay: { p50: number; p99: number; max: number };
  cpuSeconds: number;
  memory: NodeJS.MemoryUsage;
}> {
  const reply = await request(`${url}/_bench/stats${reset ? '?reset=1' : ''}`);
  return JSON.parse(reply.body);
}

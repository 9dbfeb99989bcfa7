/**
 * The deadline rush, against the production server on loopback with the demo register: 300 drivers,
 * started over the first RAMP seconds, each signs in (Argon2), opens the course, reads the last
 * module's sections, answers its scenario, starts and submits the assessment (half pass, and then
 * download their certificate PDF), with a pause of 0.3–1 s between steps as a person on a phone
 * would. Meanwhile 20 new sign-ins a second arrive and an officer reloads the dashboard every 2 s.
 * Reports errors with their causes (a request with no answer in 30 s is an error, and its 30 s count in
 * the route's percentiles), p95/p99 per route, the server's own event-loop delay, and the CPU time the
 * server and this load generator each used (BENCH_STATS), since on a small machine they share the cores.
 *
 * Usage: npm run bench:rush   (BENCH_ROUNDS=3, BENCH_DRIVERS=300, BENCH_PORT=4602; BENCH_SERVER_ARGS go to
 * the server's Node, e.g. '--cpu-prof --cpu-prof-dir=/tmp/rush-prof' to see what holds its event loop)
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { questionSchema } from '../../src/lib/content/course-schemas.ts';
import { questionsForAttempt, type Attempt } from '../../src/lib/training/assessment.ts';
import { BENCH_PASSWORD, signInOfficer } from './support/accounts.ts';
import { addDriverAccounts, withDemoServer, type BenchDatabase } from './support/demo-database.ts';
import { ensureBuilt, request, serverStats, type Reply, type RunningServer } from './support/server.ts';
import { median, medianAndRange, quantile } from './support/statistics.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DRIVERS = Number(process.env.BENCH_DRIVERS ?? 300);
const PORT = Number(process.env.BENCH_PORT ?? 4602);
const SERVER_ARGS = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
const RAMP_SECONDS = 15;
const ARRIVALS_PER_SECOND = 20;
const ARRIVAL_ACCOUNTS = 200;
const OFFICER_EVERY_MS = 2_000;
const LOOP_P99_TARGET = 20;

const bank = z.array(questionSchema).parse(parse(readFileSync('content/course/questions.yaml', 'utf8')));
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
const think = () => sleep(300 + Math.random() * 700);

interface Round {
  latencies: Map<string, number[]>;
  errors: Map<string, number>;
  /** `route: cause` → count. */
  causes: Map<string, number>;
  loop: { p50: number; p99: number; max: number };
  rssMb: number;
  passed: number;
  seconds: number;
  serverCpuSeconds: number;
  generatorCpuSeconds: number;
}

/** The e-mail addresses of the rush's accounts: the drivers near the end of the course, and the arrivals. */
interface Accounts {
  drivers: string[];
  arrivals: string[];
}

/** Adds the rush's accounts to the round's database, before its server starts. */
async function rushAccounts(bench: BenchDatabase): Promise<Accounts> {
  return {
    drivers: await addDriverAccounts(bench, 'rush', DRIVERS, 'last-module'),
    arrivals: await addDriverAccounts(bench, 'arrival', ARRIVAL_ACCOUNTS, 'none'),
  };
}

/** One round, on a fresh demo database, so no round inherits another's attempts and sessions. */
function round(): Promise<Round> {
  return withDemoServer({ port: PORT, nodeArgs: SERVER_ARGS, prepare: rushAccounts }, rush);
}

async function rush({ url }: RunningServer, bench: BenchDatabase, { drivers, arrivals }: Accounts): Promise<Round> {
  const lastModule = bench.moduleSlugs.at(-1)!;
  const scenarioChoice = (readFileSync(`content/course/modules/${lastModule}.md`, 'utf8').match(/^\s+- id: (\S+)/m) ??
    [])[1]!;
  const attemptOf = bench.db.$client.prepare(
    `select a.id, a.started_at as startedAt, a.question_ids as questionIds, a.questions_seen as questionsSeen
     from assessment_attempts a
     join users u on u.id = a.user_id where u.email = ? and a.submitted_at is null order by a.id desc limit 1`,
  );
  const latencies = new Map<string, number[]>();
  const errors = new Map<string, number>();
  const causes = new Map<string, number>();
  let passed = 0;
  const fail = (route: string, cause: string): void => {
    errors.set(route, (errors.get(route) ?? 0) + 1);
    causes.set(`${route}: ${cause}`, (causes.get(`${route}: ${cause}`) ?? 0) + 1);
  };

  /**
   * Sends one request and times it under its route's name. A failed request (no answer in 30 s, a reset
   * connection) is timed until it failed, so it counts in the percentiles too; it and an unexpected status
   * are errors, each with its cause.
   */
  async function step(route: string, path: string, expected: number, options: Parameters<typeof request>[1] = {}) {
    const sent = performance.now();
    let reply: Reply | null = null;
    try {
      reply = await request(url + path, { ...options, headers: { 'Accept-Encoding': 'gzip, br' } });
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      fail(route, code ?? message.replace(/:\s*https?:\/\/\S+$/, ''));
    }
    latencies.set(route, [...(latencies.get(route) ?? []), reply?.ms ?? performance.now() - sent]);
    if (reply && reply.status !== expected) fail(route, `status ${reply.status}, expected ${expected}`);
    return reply;
  }

  async function signInStep(email: string): Promise<string | null> {
    const reply = await step('POST /login (Argon2)', '/login', 303, { form: { email, password: BENCH_PASSWORD } });
    const cookie = [reply?.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('session='));
    return cookie ? cookie.split(';')[0]! : null;
  }

  async function driverJourney(email: string, n: number): Promise<void> {
    await sleep((n / DRIVERS) * RAMP_SECONDS * 1000);
    const cookie = await signInStep(email);
    if (!cookie) return;
    await step('GET /training/', '/training/', 200, { cookie });
    for (const section of [1, 2, 3]) {
      await think();
      await step('GET module section', `/training/${lastModule}/?section=${section}`, 200, { cookie });
    }
    await think();
    const scenario = `/training/${lastModule}/scenario`;
    await step('POST scenario answer', scenario, 303, { cookie, form: { choice: scenarioChoice } });
    await step('GET scenario feedback', scenario, 200, { cookie });
    await think();
    await step('POST assessment start', '/training/assessment/', 303, { cookie, form: { action: 'start' } });
    await step('GET assessment', '/training/assessment/', 200, { cookie });
    const attempt = attemptOf.get(email) as
      Pick<Attempt, 'id' | 'startedAt' | 'questionIds' | 'questionsSeen'> | undefined;
    if (!attempt) {
      fail('GET assessment', 'no attempt started');
      return;
    }
    const pass = n % 2 === 0;
    const form: Record<string, string> = { action: 'submit', attempt: String(attempt.id) };
    // The options in the order this attempt shows them (its stored snapshot): the form sends positions.
    for (const { id, options } of questionsForAttempt(attempt, bank)) {
      form[`q-${id}`] = String(options.findIndex((o) => o.correct === pass));
    }
    await think();
    const submitted = await step('POST assessment submit', '/training/assessment/', 303, { cookie, form });
    const result = submitted?.headers.location;
    if (result) await step('GET result', result, 200, { cookie });
    if (pass) {
      passed += 1;
      await think();
      await step('GET certificate PDF', '/training/certificate.pdf', 200, { cookie });
    }
  }

  const officer = await signInOfficer(url, bench.path);
  await serverStats(url, true);
  const generatorCpu = process.cpuUsage();
  const started = performance.now();
  let running = true;
  const background: Promise<unknown>[] = [];
  const arrivalLoop = (async () => {
    for (let i = 0; running; i += 1) {
      const email = arrivals[i % arrivals.length]!;
      background.push(
        signInStep(email).then((cookie) =>
          cookie ? step('GET /training/ (arrival)', '/training/', 200, { cookie }) : null,
        ),
      );
      await sleep(1000 / ARRIVALS_PER_SECOND);
    }
  })();
  const officerLoop = (async () => {
    while (running) {
      background.push(step('GET /officer/ dashboard', '/officer/', 200, { cookie: officer }));
      await sleep(OFFICER_EVERY_MS);
    }
  })();
  await Promise.all(drivers.map((email, n) => driverJourney(email, n)));
  running = false;
  await Promise.all([arrivalLoop, officerLoop]);
  await Promise.all(background);
  const seconds = (performance.now() - started) / 1000;
  const generatorUsed = process.cpuUsage(generatorCpu);
  const stats = await serverStats(url);
  return {
    latencies,
    errors,
    causes,
    loop: stats.eventLoopDelay,
    rssMb: stats.memory.rss / 2 ** 20,
    passed,
    seconds,
    serverCpuSeconds: stats.cpuSeconds,
    generatorCpuSeconds: (generatorUsed.user + generatorUsed.system) / 1e6,
  };
}

ensureBuilt();
const rounds: Round[] = [];
for (let i = 0; i < ROUNDS; i += 1) {
  const r = await round();
  rounds.push(r);
  const errs = [...r.errors.values()].reduce((a, b) => a + b, 0);
  console.error(`round ${i + 1}: ${r.seconds.toFixed(0)} s, ${errs} errors, event-loop p99 ${r.loop.p99} ms`);
}

const routes = [...new Set(rounds.flatMap((r) => [...r.latencies.keys()]))];
const totalErrors = rounds.map((r) => [...r.errors.values()].reduce((a, b) => a + b, 0));
const loopP99 = rounds.map((r) => r.loop.p99);
const lines = [
  `${DRIVERS} drivers started over ${RAMP_SECONDS} s, ${ARRIVALS_PER_SECOND} extra sign-ins a second, the dashboard ` +
    `every ${OFFICER_EVERY_MS / 1000} s; ${ROUNDS} rounds, each on a fresh database; median (range) over the rounds.`,
  '',
  '| measure | result | target |',
  '|---|---:|---|',
  `| errors (unexpected status or failed request), per round | ${medianAndRange(totalErrors)} | 0: ` +
    `${Math.max(...totalErrors) === 0 ? 'met' : '**missed**'} |`,
  `| event-loop delay p99, ms (in the server) | ${medianAndRange(loopP99, 1)} | under ${LOOP_P99_TARGET}: ` +
    `${median(loopP99) < LOOP_P99_TARGET ? 'met' : '**missed**'} |`,
  `| event-loop delay max, ms | ${medianAndRange(
    rounds.map((r) => r.loop.max),
    1,
  )} | |`,
  `| length of the rush, s | ${medianAndRange(rounds.map((r) => r.seconds))} | |`,
  `| assessments passed (certificates downloaded) | ${medianAndRange(rounds.map((r) => r.passed))} | |`,
  `| server memory (RSS) at the end, MB | ${medianAndRange(rounds.map((r) => r.rssMb))} | |`,
  `| cores busy with the server (CPU s per s, every thread) | ${medianAndRange(
    rounds.map((r) => r.serverCpuSeconds / r.seconds),
    2,
  )} | |`,
  `| cores busy with the load generator (CPU s per s) | ${medianAndRange(
    rounds.map((r) => r.generatorCpuSeconds / r.seconds),
    2,
  )} | |`,
  '',
  '| route | requests per round | p50 ms | p95 ms | p99 ms | errors (all rounds) |',
  '|---|---:|---:|---:|---:|---:|',
  ...routes.map((route) => {
    const per = rounds.map((r) => r.latencies.get(route) ?? []);
    const q = (p: number) => medianAndRange(per.map((xs) => quantile(xs, p)));
    const errs = rounds.reduce((n, r) => n + (r.errors.get(route) ?? 0), 0);
    return `| ${route} | ${median(per.map((xs) => xs.length))} | ${q(0.5)} | ${q(0.95)} | ${q(0.99)} | ${errs} |`;
  }),
];
const causes = [...new Set(rounds.flatMap((r) => [...r.causes.keys()]))].sort();
if (causes.length)
  lines.push(
    '',
    '| error: route and cause | per round, median (range) |',
    '|---|---:|',
    ...causes.map((cause) => `| ${cause} | ${medianAndRange(rounds.map((r) => r.causes.get(cause) ?? 0))} |`),
  );
console.log(lines.join('\n'));

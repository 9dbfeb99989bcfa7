/**
 * Can the assessment be passed without reading the course? Simulates 100,000 attempts with the real draw
 * (questions per attempt and pass mark from the configuration defaults) and the real option shuffle, and
 * answers them with content-blind strategies. Each must pass at most 1% of the time.
 */
import { describe, expect, it } from 'vitest';
import type { Question } from '../../src/lib/content/course-schemas.ts';
import { loadConfig } from '../../src/lib/config.ts';
import {
  drawQuestions,
  hasPassed,
  optionsInOrder,
  seededRandomInt,
  shuffle,
  type RandomInt,
} from '../../src/lib/training/assessment.ts';
import { readQuestionBank } from './support/course-files.ts';

const bank = readQuestionBank();
const { passMark, questionsPerAttempt } = loadConfig();
const ATTEMPTS = 100_000;
/** Fewer, because `optionsInOrder` hashes a seed for every question. */
const CHECK_ATTEMPTS = 10_000;
const MAX_PASS_RATE = 0.01;

type Option = Question['options'][number];
/** Picks the index of an option from what the driver sees: the options in the order shown. */
type Strategy = (shown: readonly Option[], questionIndex: number) => number;

/** Index of the first option whose length beats all before it, by `better`. */
function pickByLength(shown: readonly Option[], better: (a: number, b: number) => boolean): number {
  let best = 0;
  shown.forEach((o, i) => {
    if (better(o.text.length, shown[best]!.text.length)) best = i;
  });
  return best;
}

const strategies: Record<string, Strategy> = {
  'always the longest': (shown) => pickByLength(shown, (a, b) => a > b),
  'always the shortest': (shown) => pickByLength(shown, (a, b) => a < b),
  'always the first': () => 0,
  'always the last': (shown) => shown.length - 1,
  'the pattern A, B, C, D, A, B …': (shown, i) => Math.min(i % 4, shown.length - 1),
};

/** Puts a drawn question's options in the order the driver sees them. */
type Order = (question: Question, attempt: number, random: RandomInt) => readonly Option[];

/** The page's own order: `optionsInOrder`, seeded per attempt and question through SHA-256. */
const asThePageShows: Order = (q, attempt) => optionsInOrder(q, `${attempt}:simulated`);
/**
 * `shuffle`, the Fisher–Yates that `optionsInOrder` runs, fed from one seeded stream: the same spread of
 * orders without hashing a seed for each of a million questions, which would take 20 seconds or more.
 */
const shuffledFromStream: Order = (q, _attempt, random) => shuffle(q.options, random);

/** Pass rate of every strategy over the same simulated attempts. */
function simulate(attempts: number, order: Order, seed: string): Record<string, number> {
  const random = seededRandomInt(seed);
  const picks = Object.values(strategies);
  const passes = picks.map(() => 0);
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const drawn = drawQuestions(bank, questionsPerAttempt, random);
    const scores = picks.map(() => 0);
    drawn.forEach((q, i) => {
      const shown = order(q, attempt, random);
      picks.forEach((pick, s) => {
        if (shown[pick(shown, i)]!.correct) scores[s]! += 1;
      });
    });
    scores.forEach((score, s) => {
      if (hasPassed(score, drawn.length, passMark)) passes[s]! += 1;
    });
  }
  return Object.fromEntries(Object.keys(strategies).map((name, s) => [name, passes[s]! / attempts]));
}

/** Prints the rates and checks each against the limit. */
function report(title: string, rates: Record<string, number>): void {
  const lines = Object.entries(rates).map(([name, r]) => `  ${name.padEnd(32)} ${(r * 100).toFixed(3)}% pass`);
  console.log(`${title}:\n${lines.join('\n')}`);
  for (const [name, rate] of Object.entries(rates)) expect(rate, name).toBeLessThanOrEqual(MAX_PASS_RATE);
}

const setting = `${questionsPerAttempt} questions, pass mark ${passMark}%`;

describe('content-blind strategies', () => {
  it(`none passes more than 1% of ${ATTEMPTS.toLocaleString('en-GB')} simulated attempts (${setting})`, () => {
    report(`Blind strategies, ${ATTEMPTS} attempts each`, simulate(ATTEMPTS, shuffledFromStream, 'blind'));
  }, 120_000);

  it(`none passes more than 1% of ${CHECK_ATTEMPTS.toLocaleString('en-GB')} attempts in the page's own order`, () => {
    report(
      `Blind strategies, ${CHECK_ATTEMPTS} attempts in optionsInOrder's order`,
      simulate(CHECK_ATTEMPTS, asThePageShows, 'blind-page-order'),
    );
  }, 120_000);
});

describe('option balance in the bank', () => {
  const correctIndex = (q: Question) => q.options.findIndex((o) => o.correct);
  const correctLength = (q: Question) => q.options[correctIndex(q)]!.text.length;

  it('makes the right answer the longest option in at most a quarter of the questions', () => {
    const longest = bank.filter((q) => q.options.every((o) => o.text.length <= correctLength(q)));
    const shortest = bank.filter((q) => q.options.every((o) => o.text.length >= correctLength(q)));
    console.log(
      `Right answer longest in ${longest.length} of ${bank.length} questions, shortest in ${shortest.length}`,
    );
    expect(longest.length / bank.length).toBeLessThanOrEqual(0.25);
    expect(shortest.length / bank.length).toBeLessThanOrEqual(0.25);
  });

  it('puts the right answer in every position about equally', () => {
    const counts = [0, 0, 0, 0];
    const expected = [0, 0, 0, 0];
    for (const q of bank) {
      counts[correctIndex(q)]! += 1;
      q.options.forEach((_, i) => (expected[i]! += 1 / q.options.length));
    }
    console.log(`Right answer by position A–D: ${counts.join(', ')}`);
    counts.forEach((n, i) => {
      if (expected[i]! > 0)
        expect(Math.abs(n - expected[i]!), `position ${i}`).toBeLessThanOrEqual(expected[i]! * 0.25);
    });
  });
});

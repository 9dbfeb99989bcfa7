/** How the synchronous benchmarks time one query: warm-up runs first, then the median and p95 of the rest. */
import { performance } from 'node:perf_hooks';

const RUNS = 30;
const WARM_UP = 3;

/** Median and p95 milliseconds of `fn` over 30 runs, after 3 warm-up runs that are not counted. */
export function measure(fn: () => unknown): { median: number; p95: number } {
  for (let i = 0; i < WARM_UP; i += 1) fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(RUNS / 2)]!, p95: times[Math.ceil(RUNS * 0.95) - 1]! };
}

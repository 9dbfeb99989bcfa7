import { afterEach, describe, expect, it } from 'vitest';
import { setClock } from '../../src/lib/clock.ts';
import { TokenBucket } from '../../src/lib/auth/rate-limit.ts';

afterEach(() => setClock(null));

describe('TokenBucket', () => {
  it('refuses once the bucket is empty and refills over time', () => {
    let t = 1_000_000;
    setClock(() => new Date(t));
    const bucket = new TokenBucket(3, 10_000);
    expect([bucket.consume('a'), bucket.consume('a'), bucket.consume('a'), bucket.consume('a')]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(bucket.consume('b')).toBe(true);
    t += 10_000;
    expect(bucket.consume('a')).toBe(true);
    expect(bucket.consume('a')).toBe(false);
  });
});

/**
 * In-memory token buckets, as in the Lucia guide's examples: enough for the
 * single server process this portal runs as. Used for sign-in (per account
 * and per IP, checked before any password hashing), registration, password
 * reset and certificate look-ups.
 */
import { now } from '../clock.ts';
import { trustProxy } from '../config.ts';

interface Bucket {
  tokens: number;
  refilledAt: number;
}

/** A bucket of `max` tokens per key, refilled at one token every `refillMs`. */
export class TokenBucket {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly max: number,
    readonly refillMs: number,
  ) {}

  /** Takes `cost` tokens for `key`; false (and nothing taken) when there are not enough. */
  consume(key: string, cost = 1): boolean {
    const at = now().getTime();
    const bucket = this.buckets.get(key) ?? { tokens: this.max, refilledAt: at };
    const refill = Math.floor((at - bucket.refilledAt) / this.refillMs);
    if (refill > 0) {
      bucket.tokens = Math.min(this.max, bucket.tokens + refill);
      bucket.refilledAt += refill * this.refillMs;
    }
    if (bucket.tokens < cost) {
      this.buckets.set(key, bucket);
      return false;
    }
    bucket.tokens -= cost;
    this.buckets.set(key, bucket);
    return true;
  }

  /** Forgets a key, e.g. after a successful sign-in. */
  reset(key: string): void {
    this.buckets.delete(key);
  }
}

/** The client's address as the server saw it; behind a proxy set TRUST_PROXY=1 to use X-Forwarded-For. */
export function clientAddress(request: Request, fallback: string): string {
  if (trustProxy()) {
    const forwarded = request.headers.get('X-Forwarded-For')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return fallback;
}

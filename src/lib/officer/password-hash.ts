/**
 * Argon2id hashing for officer passwords, with the OWASP/ASVS minimum
 * parameters (m = 19456 KiB, t = 2, p = 1). The hash runs off the event loop.
 */
import { hash } from '@node-rs/argon2';

/** Hashes a password into a self-describing `$argon2id$…` string. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

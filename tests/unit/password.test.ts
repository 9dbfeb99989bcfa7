import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/lib/auth/password.ts';

describe('password policy', () => {
  it('refuses 14 characters and accepts 15', () => {
    expect(passwordProblem('fourteen chars')).toBe('Password must be 15 characters or more');
    expect(passwordProblem('fifteen chars!!')).toBeNull();
  });

  it('accepts long passphrases, including 64 and 128 characters, with no composition rules', () => {
    expect(passwordProblem('correct horse battery staple and a few more words to pass 64 chars')).toBeNull();
    expect(passwordProblem('x'.repeat(60) + 'yzab' + 'q'.repeat(64))).toBeNull();
    expect(passwordProblem('onlylowercaselettersinthisone')).toBeNull();
  });

  it('refuses more than 128 characters rather than truncating', () => {
    expect(passwordProblem('abcdefgh'.repeat(16) + 'z')).toBe('Password must be 128 characters or fewer');
  });

  it('counts characters as people do, not UTF-16 units', () => {
    // 14 emoji are 28 UTF-16 units but 14 characters.
    expect(passwordProblem('🚕'.repeat(7) + '🙂🚦🛑🚓🚑🚒🚐')).toBe('Password must be 15 characters or more');
  });

  it('refuses common passwords from the bundled list, whatever the case or spacing', () => {
    for (const common of ['passwordpassword', 'ManchesterUnited', '1qaz2wsx3edc4rfv', 'password password']) {
      expect(passwordProblem(common), common).toMatch(/too common/);
    }
  });

  it('refuses a short pattern repeated to reach the length', () => {
    expect(passwordProblem('aaaaaaaaaaaaaaaa')).toMatch(/too common/);
    expect(passwordProblem('abcabcabcabcabcabc')).toMatch(/too common/);
  });
});

describe('password hashing', () => {
  it('stores Argon2id with m=19456, t=2, p=1 and a salt', async () => {
    const hash = await hashPassword('three random words');
    expect(hash).toContain('$argon2id$');
    expect(hash).toContain('m=19456,t=2,p=1');
    expect(hash).not.toContain('three random words');
    expect(await hashPassword('three random words')).not.toBe(hash);
  });

  it('verifies the right password and refuses a wrong one or a broken hash', async () => {
    const hash = await hashPassword('kettle orbit lantern');
    expect(await verifyPassword(hash, 'kettle orbit lantern')).toBe(true);
    expect(await verifyPassword(hash, 'kettle orbit lanterN')).toBe(false);
    expect(await verifyPassword(hash, 'kettle orbit lantern ')).toBe(false);
    expect(await verifyPassword('not a hash', 'kettle orbit lantern')).toBe(false);
  });
});

import crypto from 'node:crypto';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';

/**
 * Password hashes: scrypt from node:crypto. It runs on libuv's thread pool,
 * so a flood of sign-in attempts does not compete with every other request
 * for the one JavaScript thread — bcryptjs computes its hash in JavaScript on
 * that thread (bench/sign-in-flood.ts measures the difference).
 *
 * Older bcrypt hashes ($2a$/$2b$) still verify; `needsRehash` tells the
 * sign-in to replace them with scrypt once the password is known good.
 *
 * Format: scrypt$<log2 N>$<r>$<p>$<salt base64url>$<hash base64url>
 */
const scrypt = promisify(crypto.scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

const PARAMS = { logN: 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 10;

function maxmem(logN: number, r: number): number {
  return 128 * r * 2 ** logN * 2;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const { logN, r, p } = PARAMS;
  const key = await scrypt(password, salt, KEY_LENGTH, { N: 2 ** logN, r, p, maxmem: maxmem(logN, r) });
  return ['scrypt', logN, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export function needsRehash(hash: string | null | undefined): boolean {
  if (!hash) return false;
  const parts = hash.split('$');
  return parts[0] !== 'scrypt' || Number(parts[1]) !== PARAMS.logN || Number(parts[2]) !== PARAMS.r;
}

async function verifyScrypt(password: string, hash: string): Promise<boolean> {
  const [, logNText, rText, pText, saltText, keyText] = hash.split('$');
  const logN = Number(logNText);
  const r = Number(rText);
  const p = Number(pText);
  // A stored hash is data: refuse parameters that would take the machine down.
  if (!(logN >= 10 && logN <= 20 && r >= 1 && r <= 32 && p >= 1 && p <= 4) || !saltText || !keyText) return false;
  const expected = Buffer.from(keyText, 'base64url');
  const key = await scrypt(password, Buffer.from(saltText, 'base64url'), expected.length, {
    N: 2 ** logN,
    r,
    p,
    maxmem: maxmem(logN, r),
  });
  return key.length === expected.length && crypto.timingSafeEqual(key, expected);
}

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  // Compare against a fixed hash when the user has none, so an unknown
  // account costs the same time as a wrong password.
  if (!hash) {
    await verifyScrypt(password, await dummyHash());
    return false;
  }
  if (hash.startsWith('scrypt$')) return verifyScrypt(password, hash);
  if (/^\$2[aby]\$/.test(hash)) return bcrypt.compare(password, hash);
  return false;
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  return dummy;
}

/** 20 characters from an unambiguous alphabet (~118 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.randomBytes(20);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export function checkPasswordStrength(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > 200) return 'Use at most 200 characters.';
  return null;
}

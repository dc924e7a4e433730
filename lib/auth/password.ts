import crypto from 'node:crypto';
import bcrypt from 'bcryptjs';

const COST = 11;
export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  // Compare against a fixed hash when the user has none, so an unknown
  // account costs the same time as a wrong password.
  return bcrypt.compare(password, hash ?? dummyHash());
}

let dummy: string | undefined;
function dummyHash(): string {
  dummy ??= bcrypt.hashSync(crypto.randomBytes(16).toString('hex'), COST);
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

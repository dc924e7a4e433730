import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import {
  STORAGE_FAULT_MESSAGES,
  asStorageFault,
  classifyStorageError,
  clearStorageFault,
  currentStorageFault,
} from './storage-fault';

describe('classifyStorageError', () => {
  it('names a full disk from what Prisma and better-sqlite3 say', () => {
    expect(
      classifyStorageError(new Error('Database error. Code: `SQLITE_FULL`. Message: `database or disk is full`')),
    ).toBe('disk_full');
    expect(classifyStorageError(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toBe(
      'disk_full',
    );
    expect(classifyStorageError(new Error('ENOSPC: no space left on device, write'))).toBe('disk_full');
  });
  it('names a read-only database and a lock', () => {
    expect(classifyStorageError(new Error('attempt to write a readonly database'))).toBe('read_only');
    expect(classifyStorageError(new Error('SQLITE_BUSY: database is locked'))).toBe('locked');
  });
  it('leaves other errors alone', () => {
    expect(classifyStorageError(new Error('UNIQUE constraint failed: User.email'))).toBeNull();
    const plain = new Error('boom');
    expect(asStorageFault(plain)).toBe(plain);
  });
});

describe('asStorageFault', () => {
  it('turns a full disk into the message a person can act on, and remembers it', () => {
    const err = asStorageFault(new Error('Code: `SQLITE_FULL`. Message: `database or disk is full`'));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('unavailable:disk-full');
    expect((err as AppError).status).toBe(503);
    expect((err as AppError).message).toBe(STORAGE_FAULT_MESSAGES.disk_full);
    expect(currentStorageFault()?.cause).toBe('disk_full');
    clearStorageFault();
    expect(currentStorageFault()).toBeNull();
  });
});

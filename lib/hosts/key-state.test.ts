import { describe, expect, it } from 'vitest';
import { hostKeyState } from './key-state';

describe('hostKeyState', () => {
  it('is untrusted without a pin, whatever the last test said', () => {
    expect(hostKeyState({ hostKeyPin: null, lastTestStatus: null })).toBe('untrusted');
    expect(hostKeyState({ hostKeyPin: null, lastTestStatus: 'host_key_unknown' })).toBe('untrusted');
  });

  it('is a mismatch, not pinned, while the last test met a different key', () => {
    expect(hostKeyState({ hostKeyPin: 'SHA256:abc', lastTestStatus: 'host_key_changed' })).toBe('mismatch');
  });

  it('is pinned otherwise, including after a failed command or an unreachable host', () => {
    for (const s of [null, 'succeeded', 'failed', 'host_unreachable', 'auth_failed']) {
      expect(hostKeyState({ hostKeyPin: 'SHA256:abc', lastTestStatus: s })).toBe('pinned');
    }
  });
});

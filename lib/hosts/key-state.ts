/**
 * What the Hosts table says about a host's key. A pin alone is not "pinned":
 * when the last connection test met a different key (HOST_KEY_CHANGED), the
 * pin is exactly what is in question, and a green PINNED badge would say the
 * opposite. Re-pinning clears the last test (lib/hosts/hosts.ts), so a
 * mismatch lasts until someone decides.
 */
export type HostKeyState = 'untrusted' | 'pinned' | 'mismatch';

export function hostKeyState(host: { hostKeyPin: string | null; lastTestStatus: string | null }): HostKeyState {
  if (!host.hostKeyPin) return 'untrusted';
  return host.lastTestStatus === 'host_key_changed' ? 'mismatch' : 'pinned';
}

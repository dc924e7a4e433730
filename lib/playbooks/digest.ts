import { createHash } from 'node:crypto';
import { canonicalJson } from '@/lib/audit/hash';
import type { RenderedStep } from './render-command';

/**
 * The digest an approval binds to: the playbook version, the parameter
 * values (secrets are not among them: they are never rendered), and for
 * each host its id, name, pinned fingerprint and every command exactly as
 * it will be sent. Change any of them and the digest changes. Pure.
 */

export type DigestInput = {
  playbookHash: string;
  params: Record<string, string>;
  hosts: {
    id: string;
    name: string;
    fingerprint: string | null;
    steps: Pick<RenderedStep, 'id' | 'kind' | 'command' | 'sudo' | 'skipped' | 'message' | 'timeoutMs'>[];
  }[];
};

export const DIGEST_VERSION = 1;

export function dryRunDigest(input: DigestInput): string {
  const hosts = [...input.hosts]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((h) => ({
      id: h.id,
      name: h.name,
      fingerprint: h.fingerprint,
      steps: h.steps.map((s) => ({
        id: s.id,
        kind: s.kind,
        command: s.command,
        sudo: s.sudo,
        skipped: s.skipped !== null,
        message: s.message,
        timeoutMs: s.timeoutMs,
      })),
    }));
  const text = canonicalJson({ v: DIGEST_VERSION, playbook: input.playbookHash, params: input.params, hosts });
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

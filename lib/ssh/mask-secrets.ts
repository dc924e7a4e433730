export const SECRET_MASK = '***';

/**
 * Masks secrets in a stream of text chunks. A secret may arrive split across
 * two chunks ("ab" then "cdef"), so up to (longest secret − 1) trailing chars
 * are held back until the next chunk proves they are not the start of one.
 */
export class SecretMasker {
  private readonly pattern: RegExp | null;
  private readonly holdBack: number;
  private pending = '';

  constructor(secrets: readonly string[]) {
    // Longest first: when one secret is a prefix of another, the whole longer one is masked.
    const usable = [...new Set(secrets.filter((secret) => secret.length > 0))].sort((a, b) => b.length - a.length);
    this.pattern = usable.length > 0 ? new RegExp(usable.map(escapeRegExp).join('|'), 'g') : null;
    // The longest secret, less one: text that could still be the start of it.
    this.holdBack = Math.max(0, (usable[0]?.length ?? 0) - 1);
  }

  /** Masked text that is safe to emit now; may be shorter than the input. */
  push(chunk: string): string {
    if (!this.pattern) return chunk;
    const text = this.pending + chunk;
    // A match starting before this index fits entirely in `text`, so it cannot grow
    // into a longer secret with more input; anything at or after it must wait.
    const settledBefore = text.length - this.holdBack;
    let out = '';
    let emittedUpTo = 0;
    this.pattern.lastIndex = 0;
    for (let match = this.pattern.exec(text); match && match.index < settledBefore; match = this.pattern.exec(text)) {
      out += text.slice(emittedUpTo, match.index) + SECRET_MASK;
      emittedUpTo = match.index + match[0].length;
    }
    const keepFrom = Math.max(emittedUpTo, settledBefore);
    out += text.slice(emittedUpTo, keepFrom);
    this.pending = text.slice(keepFrom);
    return out;
  }

  /** Whatever was held back, masked; call once at end of stream. */
  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return maskSecrets(rest, this.pattern);
  }
}

/** One-shot masking of a complete string. */
export function maskAll(text: string, secrets: readonly string[]): string {
  const masker = new SecretMasker(secrets);
  return masker.push(text) + masker.flush();
}

function maskSecrets(text: string, pattern: RegExp | null): string {
  if (!pattern) return text;
  pattern.lastIndex = 0;
  return text.replace(pattern, SECRET_MASK);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

import { z } from 'zod';

/**
 * A webhook URL is a bearer secret (Slack's token is its path), so after it
 * is saved only this hint is ever shown: scheme, host, and the last four
 * characters — enough to tell two hooks apart, not enough to use one.
 */
export function webhookUrlHint(url: string): string {
  const u = new URL(url);
  const rest = u.pathname + u.search + u.hash;
  // Four characters of a short path would give most of it away.
  const tail = rest.length >= 12 ? rest.slice(-4) : '';
  return `${u.protocol}//${u.host}/…${tail}`;
}

export const WebhookUrl = z
  .string()
  .trim()
  .min(1, 'Paste the webhook URL.')
  .max(2000, 'That URL is too long.')
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'https:' || u.protocol === 'http:') && Boolean(u.hostname);
    } catch {
      return false;
    }
  }, 'Use an http:// or https:// URL.')
  // fetch refuses URLs with user:password@ in them; tokens belong in the path.
  .refine((v) => {
    try {
      const u = new URL(v);
      return !u.username && !u.password;
    } catch {
      return true;
    }
  }, 'Put the token in the path, not as user:password@ in the URL.');

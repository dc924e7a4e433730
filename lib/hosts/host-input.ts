import { isIP } from 'node:net';
import { utils, type ParsedKey } from 'ssh2';
import { z } from 'zod';

/**
 * What an admin may type into the host form, validated with messages that
 * name the problem. Pure: no database, no network.
 */

export const SERVICE_MANAGERS = ['systemd', 'supervisor'] as const;
export type ServiceManager = (typeof SERVICE_MANAGERS)[number];

export const HOST_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;
// POSIX portable user names (useradd's default NAME_REGEX, plus dots and upper case).
export const USERNAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;
export const TAG_PATTERN = /^[a-z0-9][a-z0-9._-]{0,31}$/;
export const MAX_TAGS = 16;
/** A 16384-bit RSA key in PEM is ~12.7 KB; anything far beyond that is not a key. */
export const MAX_PRIVATE_KEY_CHARS = 16_384;
const HOSTNAME_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Hostname (RFC 1123) or IPv4 / IPv6 literal; `[::1]` brackets are dropped. Null when invalid. */
export function normalizeAddress(raw: string): string | null {
  let value = raw.trim();
  if (value.startsWith('[') && value.endsWith(']')) value = value.slice(1, -1);
  if (value.length === 0 || value.length > 253) return null;
  if (isIP(value) !== 0) return value.toLowerCase();
  const lower = value.toLowerCase().replace(/\.$/, '');
  // A string of digits and dots that is not a valid IPv4 address ("10.0.0.300") is a typo, not a name.
  if (/^[\d.]+$/.test(lower)) return null;
  const labels = lower.split('.');
  return labels.every((label) => HOSTNAME_LABEL.test(label)) ? lower : null;
}

/** "prod, Frontend ,prod" → ["prod", "frontend"]; errors name the bad tag. */
export function parseTags(raw: string): { tags: string[] } | { error: string } {
  const tags: string[] = [];
  for (const part of raw.split(/[,\s]+/)) {
    const tag = part.trim().toLowerCase();
    if (!tag) continue;
    if (!TAG_PATTERN.test(tag)) {
      return { error: `Tag "${part.trim()}" is not allowed: use up to 32 lowercase letters, digits, '.', '_' or '-'.` };
    }
    if (!tags.includes(tag)) tags.push(tag);
  }
  if (tags.length > MAX_TAGS) return { error: `At most ${MAX_TAGS} tags (got ${tags.length}).` };
  return { tags };
}

export function joinTags(tags: readonly string[]): string {
  return tags.join(',');
}

export function splitTags(stored: string): string[] {
  return stored ? stored.split(',').filter(Boolean) : [];
}

/**
 * Pasted keys arrive with CRLF, indentation or stray blank lines from a
 * terminal or a chat window; the PEM armour is line-based, so each line is
 * trimmed and the block re-joined.
 */
export function normalizePrivateKey(raw: string): string {
  const lines = raw
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

export type KeyCheck = { ok: true; keyType: string; publicKey: string } | { ok: false; problem: string };

/**
 * Parses the key exactly as the executor will (ssh2), and says what is wrong
 * in words an admin at 3 a.m. can act on.
 */
export function checkPrivateKey(key: string, passphrase?: string): KeyCheck {
  if (!key.trim()) return { ok: false, problem: 'Paste a private key, or choose "Generate an ed25519 key".' };
  if (/^(ssh-|ecdsa-|sk-)[\w@.-]+ AAAA/.test(key.trim())) {
    return { ok: false, problem: 'This is a public key (an authorized_keys line). Paste the private key instead.' };
  }
  if (/BEGIN [A-Z ]*PUBLIC KEY/.test(key)) {
    return { ok: false, problem: 'This is a public key. Paste the private key (-----BEGIN … PRIVATE KEY-----).' };
  }
  if (/PuTTY-User-Key-File/.test(key)) {
    return {
      ok: false,
      problem: 'PuTTY .ppk keys are not supported: convert it with `puttygen key.ppk -O private-openssh`.',
    };
  }
  let parsed: ParsedKey | ParsedKey[] | Error;
  try {
    parsed = utils.parseKey(key, passphrase || undefined);
  } catch (error) {
    parsed = error instanceof Error ? error : new Error(String(error));
  }
  if (parsed instanceof Error) return { ok: false, problem: describeKeyError(parsed.message, Boolean(passphrase)) };
  const first = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!first) return { ok: false, problem: 'The private key could not be read (the file holds no key).' };
  if (!first.isPrivateKey()) return { ok: false, problem: 'This is a public key. Paste the private key instead.' };
  return { ok: true, keyType: first.type, publicKey: `${first.type} ${first.getPublicSSH().toString('base64')}` };
}

/** ssh2's parse errors, reworded. Unknown messages are passed through, never swallowed. */
export function describeKeyError(message: string, hadPassphrase: boolean): string {
  if (/no passphrase given/i.test(message)) {
    return 'The private key could not be read: it is encrypted and no passphrase was given. Enter its passphrase.';
  }
  if (/bad passphrase|integrity check failed|decrypt/i.test(message) && hadPassphrase) {
    return 'The private key could not be read: the passphrase is wrong.';
  }
  if (/unsupported key format/i.test(message)) {
    return 'The private key could not be read: not a recognised OpenSSH or PEM private key (cut off while copying?).';
  }
  if (/unsupported|cipher/i.test(message)) {
    return `The private key could not be read: ${message}.`;
  }
  return `The private key could not be read (${message}).`;
}

const trimmed = (max: number) => z.string().trim().max(max, `Use at most ${max} characters.`);

export const HostName = trimmed(63)
  .transform((v) => v.toLowerCase())
  .pipe(
    z
      .string()
      .regex(
        HOST_NAME_PATTERN,
        "Use 1–63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit.",
      ),
  );

export const HostAddress = z.string().transform((raw, ctx) => {
  const address = normalizeAddress(raw);
  if (address === null) {
    ctx.addIssue({
      code: 'custom',
      message: raw.trim()
        ? `"${raw.trim().slice(0, 80)}" is not a hostname or an IPv4/IPv6 address.`
        : 'Enter a hostname or an IP address.',
    });
    return z.NEVER;
  }
  return address;
});

export const HostPort = z
  .union([z.number(), z.string().trim()])
  .transform((v) => (v === '' ? 22 : Number(v)))
  .pipe(
    z
      .number({ message: 'The port must be a number.' })
      .int('The port must be a whole number.')
      .min(1, 'The port must be 1–65535.')
      .max(65535, 'The port must be 1–65535.'),
  );

export const HostUsername = trimmed(32).pipe(
  z
    .string()
    .regex(
      USERNAME_PATTERN,
      "Use a POSIX user name: letters, digits, '_', '.', '-', not starting with a digit, '.' or '-'.",
    ),
);

export const HostTags = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((raw, ctx) => {
    const result = parseTags(Array.isArray(raw) ? raw.join(',') : (raw ?? ''));
    if ('error' in result) {
      ctx.addIssue({ code: 'custom', message: result.error });
      return z.NEVER;
    }
    return result.tags;
  });

export const HostServiceManager = z.enum(SERVICE_MANAGERS, { message: 'Choose systemd or supervisor.' });

const Checkbox = z
  .union([z.boolean(), z.enum(['on', 'true', 'false', '1', '0', ''])])
  .optional()
  .transform((v) => v === true || v === 'on' || v === 'true' || v === '1');

/** A hidden "false" plus the checkbox's "true" arrive as an array when ticked: the last one wins. */
const CheckboxField = z
  .union([Checkbox, z.array(z.union([z.boolean(), z.string()]))])
  .transform((v) => (Array.isArray(v) ? Checkbox.parse(v[v.length - 1]) : v));

const Secret = (max: number) =>
  z
    .string()
    .max(max, `Use at most ${max} characters.`)
    .optional()
    .transform((v) => (v && v.length > 0 ? v : undefined));

const HostFields = {
  name: HostName,
  address: HostAddress,
  port: HostPort,
  username: HostUsername,
  tags: HostTags,
  serviceManager: HostServiceManager,
  passwordlessSudo: CheckboxField,
};

const KeyFields = {
  /** Pasted private key (OpenSSH or PEM). */
  privateKey: Secret(MAX_PRIVATE_KEY_CHARS).transform((v) => (v ? normalizePrivateKey(v) : undefined)),
  passphrase: Secret(1024),
  /** Generate an ed25519 key pair instead of pasting one. */
  generate: Checkbox,
};

type KeyInput = { privateKey?: string; passphrase?: string; generate: boolean };

/**
 * Validates the key fields together (the key must parse with its passphrase)
 * and adds the key's public half, so the page can show the authorized_keys
 * line of a pasted key too.
 */
function withCheckedKey<T extends KeyInput>(
  value: T,
  ctx: z.RefinementCtx,
  required: boolean,
): T & { publicKey?: string } {
  if (value.generate) {
    if (value.privateKey) {
      ctx.addIssue({ code: 'custom', path: ['privateKey'], message: 'Either paste a key or generate one, not both.' });
    }
    return { ...value, passphrase: undefined };
  }
  if (!value.privateKey) {
    if (required) {
      ctx.addIssue({
        code: 'custom',
        path: ['privateKey'],
        message: 'Paste a private key, or choose "Generate an ed25519 key".',
      });
    } else if (value.passphrase) {
      ctx.addIssue({
        code: 'custom',
        path: ['privateKey'],
        message: 'A new passphrase needs the key it unlocks: paste the key again.',
      });
    }
    return value;
  }
  const check = checkPrivateKey(value.privateKey, value.passphrase);
  if (!check.ok) {
    ctx.addIssue({
      code: 'custom',
      path: [/passphrase/.test(check.problem) ? 'passphrase' : 'privateKey'],
      message: check.problem,
    });
    return value;
  }
  return { ...value, publicKey: check.publicKey };
}

export const CreateHostInput = z
  .object({ ...HostFields, ...KeyFields })
  .transform((value, ctx) => withCheckedKey(value, ctx, true));
export type CreateHostInput = z.infer<typeof CreateHostInput>;

/** Same fields; the key is optional (blank keeps the stored one). */
export const UpdateHostInput = z
  .object({ hostId: z.string().min(1).max(64), ...HostFields, ...KeyFields })
  .transform((value, ctx) => withCheckedKey(value, ctx, false));
export type UpdateHostInput = z.infer<typeof UpdateHostInput>;

export const HostIdInput = z.object({ hostId: z.string().min(1).max(64) });

export const Fingerprint = z
  .string()
  .trim()
  .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'Expected a SHA256 fingerprint like SHA256:AbC… (43 base64 characters).');

/** Trust-on-first-use: the admin confirms the exact fingerprint they were shown. */
export const PinHostKeyInput = z.object({ hostId: z.string().min(1).max(64), fingerprint: Fingerprint });

/** Re-pin names both sides, so a pin changed by someone else meanwhile is a conflict, not an overwrite. */
export const RepinHostKeyInput = z.object({
  hostId: z.string().min(1).max(64),
  previousFingerprint: Fingerprint,
  fingerprint: Fingerprint,
});

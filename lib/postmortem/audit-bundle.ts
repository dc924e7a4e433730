import type { ChainRow } from '@/lib/audit/hash';
import type { TarEntry } from './tar';

/**
 * The audit bundle: the incident's audit entries as JSON lines (every field
 * that is hashed, plus prevHash and hash), the chain head at export time, the
 * post-mortem in Markdown (with its chart) and JSON, and a standalone script
 * that re-computes every hash offline with nothing but Node.
 *
 * What the check proves: no bundled entry was altered (each hash is
 * re-computed from its fields and its prevHash), entries with consecutive
 * seqs link, and the newest bundled entry matches the head when it is the
 * head. The chain as a whole (entries of other incidents in between) stays on
 * the server: `warroom audit verify` checks it there, and prints the head to
 * compare with chain-head.json.
 */
export type ChainHead = { seq: number; hash: string; entries: number; verifiedAtExport: boolean; at: string };

export const VERIFY_SCRIPT_NAME = 'verify-audit.mjs';

export function verifyCommand(dir: string): string {
  return `node ${dir}/${VERIFY_SCRIPT_NAME} ${dir}`;
}

export function auditBundleEntries(input: {
  slug: string;
  rows: readonly ChainRow[];
  head: ChainHead;
  markdown: string;
  svg: string;
  json: string;
  mtime?: Date;
}): TarEntry[] {
  const dir = input.slug.slice(0, 60);
  const mtime = input.mtime;
  const lines = input.rows.map((r) => JSON.stringify(r)).join('\n');
  const readme = [
    `Audit bundle of incident ${input.slug}`,
    '',
    `audit.jsonl      ${input.rows.length} audit entries of this incident, one JSON object a line`,
    'chain-head.json  the newest entry of the whole audit chain when this was exported',
    'postmortem.md    the post-mortem (re-importable), with timeline.svg beside it',
    'postmortem.json  everything, see docs/postmortem-export.schema.json',
    '',
    'Verify offline (Node 18+, nothing else):',
    '',
    `  tar -xf ${dir}-audit-bundle.tar && ${verifyCommand(dir)}`,
    '',
  ].join('\n');
  return [
    { name: `${dir}/README.txt`, body: readme, mtime },
    { name: `${dir}/audit.jsonl`, body: lines ? `${lines}\n` : '', mtime },
    { name: `${dir}/chain-head.json`, body: JSON.stringify(input.head, null, 2) + '\n', mtime },
    { name: `${dir}/postmortem.md`, body: input.markdown, mtime },
    { name: `${dir}/timeline.svg`, body: input.svg, mtime },
    { name: `${dir}/postmortem.json`, body: input.json, mtime },
    { name: `${dir}/${VERIFY_SCRIPT_NAME}`, body: VERIFY_SCRIPT, mode: 0o755, mtime },
  ];
}

/**
 * Mirrors lib/audit/hash.ts (canonical JSON with sorted keys; SHA-256 of
 * prevHash ‖ JSON) without importing it: the bundle must verify where warroom
 * is not installed. audit-bundle.test.ts checks both agree.
 */
export const VERIFY_SCRIPT = `#!/usr/bin/env node
// Verifies a warroom audit bundle offline: node verify-audit.mjs <bundle dir>
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? path.dirname(new URL(import.meta.url).pathname);
const sortKeys = (v) =>
  Array.isArray(v)
    ? v.map(sortKeys)
    : v && typeof v === 'object'
      ? Object.fromEntries(Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => [k, sortKeys(v[k])]))
      : v;
const canonical = (v) => JSON.stringify(sortKeys(v));
const fail = (msg) => {
  console.error('audit bundle BROKEN: ' + msg);
  process.exit(1);
};

const text = fs.readFileSync(path.join(dir, 'audit.jsonl'), 'utf8');
const head = JSON.parse(fs.readFileSync(path.join(dir, 'chain-head.json'), 'utf8'));
let prev = null;
let count = 0;
for (const [i, line] of text.split('\\n').entries()) {
  if (!line.trim()) continue;
  let row;
  try {
    row = JSON.parse(line);
  } catch {
    fail('line ' + (i + 1) + ' is not JSON');
  }
  const { prevHash, hash, ...fields } = row;
  const expect = crypto.createHash('sha256').update(prevHash).update(canonical(fields)).digest('hex');
  if (expect !== hash) fail('entry seq ' + row.seq + ' was altered (hash mismatch)');
  if (prev && row.seq <= prev.seq) fail('entry seq ' + row.seq + ' is out of order');
  if (prev && row.seq === prev.seq + 1 && prevHash !== prev.hash) fail('entry seq ' + row.seq + ' does not link to seq ' + prev.seq);
  if (row.seq > head.seq) fail('entry seq ' + row.seq + ' is newer than the chain head');
  if (row.seq === head.seq && hash !== head.hash) fail('the newest entry does not match chain-head.json');
  prev = row;
  count++;
}
console.log('audit bundle ok: ' + count + ' entries verified; chain head seq ' + head.seq + ' ' + head.hash);
console.log('compare the head with "warroom audit verify" on the server');
`;

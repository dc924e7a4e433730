/**
 * Markdown documents lib/rca's unit tests share (split-parse.test.ts,
 * import-plan-async.test.ts): every document the other rca tests feed the
 * parser, hand-written traps for the piece cutter, and seeded random
 * documents. Test data, so it lives under tests/, out of the product.
 */

// Every document the other rca tests feed the parser.
export const TEST_DOCUMENTS = [
  '# Title\nok\n',
  'Just some notes.\n\n- one\n- two\n',
  '```bash\n# not a heading\n```\n',
  '# Plan\n\n## Fix\n\n```bash\nsystemctl restart x\n\n## Rollback\n- undo\n',
  '# P\n\n- step\n  ~~~\n  echo\n- next\n',
  '# P\n\n````md\n```\ninner\n```\n````\n',
  '# P\n\n````md\ninner\n```\n',
  `# Y\n## Fix plan\n### Now\n\`\`\`yaml\n${Array.from({ length: 30 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n')}\n\`\`\`\n`,
  `# I\n## Checklist\n${Array.from({ length: 80 }, (_, i) => `${'  '.repeat(i)}- [ ] l${i}`).join('\n')}\n`,
  [
    '# Incident <b>bold</b>',
    '',
    '## Notes',
    '<script>alert(document.cookie)</script>',
    '',
    'See [the runbook](javascript:alert(1)) and <img src=x onerror=alert(2)>.',
    '',
    '## Deployment checklist',
    '- [ ] <iframe src="https://evil.example"></iframe> restart',
    '',
  ].join('\n'),
  '# Payments outage\n\nSeverity: sev-2 (cards only)\n**Date:** 2026-02-01\n\n## TL;DR\nCard payments failed for 40 minutes.\n\n## What happened\n### Gateway timeouts\n**Severity**: P1\n**Status**: Mitigated\n**Cause**: connection pool exhausted\n\n## Remediation\n### Phase 1 — Now\n#### Roll the gateway\n**Owner**: @ana\n```sh\nkubectl rollout restart deploy/gw\n```\n### Short-term\n#### Add client timeouts\nSet timeouts everywhere.\n### Next sprint\n#### Game day\nRun chaos drills.\n',
  '# DNS incident\n### Action items\n#### Short-term\n- Lower the TTL\n- Add a second resolver\n#### Long-term\n- Move to managed DNS\n',
  '# X\n## Fix plan\n### Alpha\n#### A1\ndo a\n### Beta\n#### B1\ndo b\n',
  '# Deploy\n## Deployment checklist\n* [x] Backup database\n* [ ] Deploy\n  * [ ] Canary\n    1. [X] 5% traffic\n  * [ ] Full rollout\n## Verification\n### Smoke\n1. [ ] Login works\n2. [x] Checkout works\n- plain bullet, not a task\n## Random thoughts\n- [ ] Buy cake\n',
  `# Deep\n## Checklist\n${Array.from({ length: 90 }, (_, i) => `${'  '.repeat(i)}- [ ] level ${i}`).join('\n')}\n`,
  '# Slow builds\n## Summary\nCI takes an hour.\n## Notes\nNobody knows why.\n',
  '# API incident\n## Rollback\n### Revert the deploy\nOnly if error rate stays high.\n```bash\ngit revert HEAD\n```\n### Restore the database\n```bash\npg_restore -d api latest.dump\n```\n## Comms\n- Post an update every 30 min in #incident\n- Email stakeholders hourly\n- Exec briefing every half hour\n## Success criteria\n- [ ] Health checks green every 5 minutes\n',
];

// Hand-written traps: each is a line that looks like a cut but is not one.
export const TRAPS = [
  // Front matter: no cut inside it, and no piece may start with a `---` line (it would open front matter).
  '---\ntitle: x\n\n# not a heading\n\nsee [x]\n---\n# A\n\n---\n\n[x]: /u\n\n---\n# B\n',
  '+++\ntitle = "x"\n\n# not a heading\n+++\n## S\n\n+++\n\ntext\n\n+++\n',
  '---\na: 1\n---\n---\nb: 2\n---\n# T\n',
  '---\n[^Y]: /url\n\n# A\n\n[^Y]\n',
  '---\n\n# A\n\n---\n',
  '# A\n\n```\n# inside a fence\n```\n# B\n',
  '# A\n\n~~~~\n# inside\n~~~\n# still inside (closing fence too short)\n~~~~\n# B\n',
  '# A\n\n```\n# inside\n``` not a closer\n# inside\n',
  '# A\n\n   ```\n# inside an indented fence\n   ```\n# B\n',
  '# A\n\n    ```\n# an indented code line is no fence\n',
  '# A\n- item\n  ```\n# ends the list and its fence\n```\n# inside the fence opened above\n```\n# B\n',
  '# A\n\n<!--\n# in a comment\n-->\n# B\n',
  '# A\n\n<script>\n# in a script\n</style>\n# B\n',
  '# A\n\n<?php\n# x\n?>\n# B\n',
  '# A\n\n<!DOCTYPE html\n# x\n>\n# B\n',
  '# A\n\n<![CDATA[\n# x\n]]>\n# B\n',
  '# A\n\n<div>\n# in a type 6 block\n\n# B\n',
  '# A\n\n<custom-tag>\n# in a type 7 block\n\n# B\n',
  '# A\ntext <custom-tag>\n# B\n',
  'para\n<custom-tag>\n# B\n',
  '# A\n\n> quote\n# B\n> lazy?\n',
  '# A\n\n> quote\nlazy line\n\nparagraph\n- list\n\nafter list\n\n- list\n\n- same list, loose\n',
  '# A\n\n| a | b |\n|---|---|\n| 1 | 2 |\n# B\n',
  '# A\n\nSetext\n===\n\nOther\n---\n# B\n===\n',
  '#\n#5\n####### seven\n#\ttab\n #  indented\n# B #\n',
  '# A\r\n\r\n```\r\n# in\r\n```\r\n# B\r\nline\rline\r# C\r',
  '# A\n\nsee [x], [y][] and [^n]\n\n# B\n\n[x]: /url\n[Y]: </u> "t"\n\n# C\n\n[^n]: note\n\n# D\n[x] [^n] [y]\n',
  '# A\n\n> [ref\nlabel]: /u\n\n# B\n\n[ref label]\n',
  '# A\n\n[^a]: a footnote\n    # continued, indented\n\n# B\n[^a]\n',
  'preamble\n\n```\n# unclosed to the end\n\n# B\n',
  '\uFEFF# BOM\n\n# B\n',
  '# A\n\n\uFEFFnot a bom\n\n# B\n',
  '# A\n\n    indented code\n\n# B\n\tcode\n',
  '# A\n\n***\n# B\n---\n',
  '# A\n\n- a\n\n\n- b\n# B\n1) x\n\n2) y\n\nz\n',
];

// ---------------------------------------------------------------------------
// Random documents: every block kind the scanner has an opinion about.

export function generateDocument(seed: number): string {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const blocks: string[] = [];
  const count = 5 + Math.floor(random() * 25);
  for (let i = 0; i < count; i++) blocks.push(pick(BLOCKS)(random, pick));
  const separators = ['\n', '\n\n', '\n\n\n'];
  let doc = '';
  for (const block of blocks) doc += block + pick(separators);
  if (random() < 0.15) doc = doc.replace(/\n/g, '\r\n');
  if (random() < 0.3) doc = doc.trimEnd();
  return doc;
}

type Pick = <T>(items: readonly T[]) => T;
type Block = (random: () => number, pick: Pick) => string;

const INLINE = [
  'plain words',
  '**bold** and *em*',
  '`code` and ~~gone~~',
  '[a link](https://x.example)',
  'www.example.com',
  'mail a@b.example',
  '[x] and [y][] and [^n]',
  'trailing two  ',
  'back\\slash',
  '<b>inline html</b>',
  '&amp; &#35;',
  '# not a heading in a paragraph?',
  'a | b',
  '\tTab',
];
const LABELS = ['x', 'Y', 'n', 'multi word'];

const BLOCKS: Block[] = [
  (r, pick) => `${'#'.repeat(1 + Math.floor(r() * 6))} ${pick(INLINE)}`,
  (r, pick) => `${'#'.repeat(1 + Math.floor(r() * 7))}${pick(['', ' ', '\t', 'x'])}${pick(INLINE)}`,
  (_, pick) => `${pick(INLINE)}\n${pick(INLINE)}`,
  (_, pick) => `${pick(INLINE)}\n${pick(['===', '---', '= =', '-'])}`,
  (r, pick) => {
    const marker = pick(['- ', '* ', '+ ', '1. ', '2) ', '- [ ] ', '- [x] ']);
    const lines = Array.from(
      { length: 1 + Math.floor(r() * 4) },
      () => `${pick(['', '  ', '    '])}${marker}${pick(INLINE)}`,
    );
    return lines.join(pick(['\n', '\n\n']));
  },
  (_, pick) => `> ${pick(INLINE)}\n${pick(['> ', '', '>'])}${pick(INLINE)}`,
  (r, pick) => {
    const char = pick(['`', '~']);
    const length = 3 + Math.floor(r() * 3);
    const indent = pick(['', '', ' ', '   ']);
    const body = Array.from({ length: 1 + Math.floor(r() * 4) }, () =>
      pick(['# comment', 'echo $x', '', `${char.repeat(3)} x`, '## sub', '    # indented']),
    );
    const close = pick([
      char.repeat(length),
      char.repeat(length + 1),
      char.repeat(length - 1),
      `  ${char.repeat(length)}`,
      '',
    ]);
    return `${indent}${char.repeat(length)}${pick(['', 'bash', 'md x'])}\n${body.join('\n')}${close ? `\n${close}` : ''}`;
  },
  (_, pick) =>
    `- step\n${pick(['  ', '   '])}\`\`\`\n${pick(['  # in item', '# out of item', '  echo'])}\n${pick(['  ```', '```', ''])}`,
  (_, pick) =>
    pick([
      '<!--\n# comment\n-->',
      '<!-- one line -->',
      '<script>\n# js\n</script>',
      '<pre>\n# x\n</textarea>',
      '<?x\n# y\n?>',
      '<!X\n# z\n>',
      '<![CDATA[\n# c\n]]>',
      '<div>\n# in div',
      '<div>\n\n# after div',
      '<my-tag attr="1">\n# seven',
      '</p>\n# closing',
      '<table><tr><td>\n# cell',
      'text <span>\n# x',
    ]),
  (r, pick) =>
    `| a | b |\n|---|:-:|\n${Array.from({ length: Math.floor(r() * 3) }, () => `| ${pick(INLINE)} | 2 |`).join('\n')}`,
  (_, pick) => `${pick(['[', '[^'])}${pick(LABELS)}]: ${pick(['/url', '<u v>', 'note', '/u "title"'])}`,
  (_, pick) => `    ${pick(['# indented code', 'code'])}`,
  (_, pick) => pick(['***', '---', '___', '- - -']),
  (_, pick) => `\uFEFF${pick(INLINE)}`,
];

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

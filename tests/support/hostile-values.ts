/** Values the field has seen break shell templating (StackStorm #3564, Rundeck's unquotedoption …). */
export const HOSTILE = [
  ';id',
  '$(id)',
  '`id`',
  'a\nid',
  'a\rb',
  '--upload-pack=x',
  '-oProxyCommand=x',
  '-main',
  "'; touch /tmp/x; '",
  '"$(touch /tmp/x)"',
  'x'.repeat(10_240),
  // Unicode look-alikes: fullwidth hyphens, Cyrillic "а", an RTL override, a zero-width joiner, NUL.
  '－－upload-pack=x',
  'nginх.service',
  'main\u202e',
  'ma\u200din',
  'a\u0000b',
  '\u00a0-x',
];

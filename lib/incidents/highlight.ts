import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import ini from 'highlight.js/lib/languages/ini';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import yaml from 'highlight.js/lib/languages/yaml';

hljs.registerLanguage('bash', bash);
hljs.registerLanguage('ini', ini);
hljs.registerLanguage('javascript', javascript);
hljs.registerLanguage('json', json);
hljs.registerLanguage('python', python);
hljs.registerLanguage('sql', sql);
hljs.registerLanguage('typescript', typescript);
hljs.registerLanguage('yaml', yaml);

// Plain lookups on an object literal would find `constructor` and `__proto__` on its prototype:
// a fence named like that made highlighting throw and took the incident page down. A Map has no prototype keys.
const ALIASES = new Map<string, string>(
  Object.entries({
    sh: 'bash',
    shell: 'bash',
    console: 'bash',
    zsh: 'bash',
    systemd: 'ini',
    toml: 'ini',
    yml: 'yaml',
    js: 'javascript',
    ts: 'typescript',
    py: 'python',
    psql: 'sql',
  }),
);
const LANGUAGES = new Set(['bash', 'ini', 'javascript', 'json', 'python', 'sql', 'typescript', 'yaml']);

/**
 * Highlighted HTML for a code block. highlight.js escapes the code it
 * tokenises, so the result is safe to inject; unknown languages get plain,
 * escaped text.
 */
export function highlightCode(
  code: string,
  lang: string | null | undefined,
): { html: string; language: string | null } {
  const key = typeof lang === 'string' ? lang.toLowerCase() : '';
  const language = ALIASES.get(key) ?? key;
  if (LANGUAGES.has(language)) {
    return { html: hljs.highlight(code, { language, ignoreIllegals: true }).value, language };
  }
  return { html: escapeHtml(code), language: null };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

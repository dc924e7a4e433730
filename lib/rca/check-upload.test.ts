import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkUpload,
  isWarroomExport,
  MAX_EXPORT_BYTES,
  MAX_EXPORT_LABEL,
  MAX_NESTING_DEPTH,
  MAX_UPLOAD_BYTES,
  MAX_UPLOAD_LABEL,
} from './check-upload';
import { importPlan } from './import-plan';

const fixturePath = path.join(import.meta.dirname, '../../fixtures/tms-rca.md');

function expectError(input: Uint8Array | string) {
  const result = importPlan(input);
  if (result.ok) throw new Error('expected the import to fail');
  return result.error;
}

/** Every string anywhere in a JSON-like value. */
function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}

function allKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allKeys);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => [key, ...allKeys(child)]);
  }
  return [];
}

describe('importPlan on the fixture', () => {
  it('imports the bytes of tms-rca.md', () => {
    const result = importPlan(fs.readFileSync(fixturePath));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.fixes).toHaveLength(8);
    expect(result.plan.findings).toHaveLength(3);
  });

  it('strips a UTF-8 byte order mark', () => {
    const result = importPlan(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fs.readFileSync(fixturePath)]));
    expect(result.ok && result.plan.title).toBe('TMS Critical Issues - Root Cause Analysis & Fix Plan');
  });
});

describe('checkUpload / importPlan on bad input', () => {
  it('rejects an empty or blank document', () => {
    expect(expectError('')).toEqual({ code: 'rca:empty', message: 'The document is empty.' });
    expect(expectError(Buffer.from('  \n\t\n')).code).toBe('rca:empty');
  });

  it('rejects a binary file (NUL byte) naming the line', () => {
    const error = expectError(Buffer.from('# Title\nok\n\u0000\u0001\u0002'));
    expect(error).toMatchObject({ code: 'rca:binary', line: 3 });
    expect(error.message).toContain('NUL byte at line 3');
  });

  it('rejects bytes that are not UTF-8', () => {
    expect(expectError(Buffer.from([0x23, 0x20, 0xc3, 0x28, 0xff]))).toMatchObject({ code: 'rca:binary' });
  });

  it('rejects a 5 MB upload, naming its size and the 1 MiB limit', () => {
    const error = expectError(Buffer.alloc(5 * 1024 * 1024, 'a'));
    expect(error.code).toBe('rca:too-large');
    expect(error.message).toBe('The document is 5.0 MiB (5,242,880 bytes); the limit is 1 MiB (1,048,576 bytes).');
  });

  it('lets a warroom export (front matter `warroom: export`) be larger, up to its own 4 MiB limit', () => {
    const exportOf = (bytes: number) => {
      const head = '---\nwarroom: export\nschemaVersion: 1\ntitle: "Big"\n---\n\n# Big\n\n## Timeline\n\n';
      const line = '- 2026-01-12 05:54:07 UTC: restarted tms-frontend\n';
      return head + line.repeat(Math.ceil((bytes - head.length) / line.length));
    };
    expect(isWarroomExport(exportOf(2000))).toBe(true);
    expect(checkUpload(exportOf(1.5 * 1024 * 1024))).toMatchObject({ ok: true });
    expect(checkUpload(exportOf(MAX_EXPORT_BYTES + 100))).toMatchObject({
      ok: false,
      code: 'rca:too-large',
      message: expect.stringContaining('the limit is 4 MiB for a warroom export (4,194,304 bytes)'),
    });
    // The marker counts only as front matter on line 1, not anywhere in the text.
    const mention = `# Notes\n\nwarroom: export\n\n${'a'.repeat(1.5 * 1024 * 1024)}`;
    expect(isWarroomExport(mention)).toBe(false);
    expect(checkUpload(mention)).toMatchObject({ ok: false, code: 'rca:too-large' });
    expect(isWarroomExport('---\ntitle: x\n---\nwarroom: export\n')).toBe(false);
  });

  it('names both limits in the README, as the checks apply them', () => {
    const readme = fs.readFileSync(path.join(import.meta.dirname, '../../README.md'), 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain(`document up to ${MAX_UPLOAD_LABEL}`);
    expect(readme).toContain(
      `warroom's own export (front matter \`warroom: export\` on line 1) up to ${MAX_EXPORT_LABEL}`,
    );
  });

  it('counts bytes, not characters, for string input', () => {
    // 400,000 three-byte characters: 1.2 MB of UTF-8 in a 400k-character string.
    expect(checkUpload('€'.repeat(400_000))).toMatchObject({ ok: false, code: 'rca:too-large' });
    expect(checkUpload(`# ok\n${'a'.repeat(MAX_UPLOAD_BYTES - 5)}`)).toMatchObject({ ok: true });
  });

  it('rejects a document with no recognizable sections', () => {
    expect(expectError('Just some notes.\n\n- one\n- two\n').code).toBe('rca:no-sections');
    // "# " inside a code fence is not a heading.
    expect(expectError('```bash\n# not a heading\n```\n').code).toBe('rca:no-sections');
  });

  it('rejects an unclosed code fence, naming the line it opened on', () => {
    const error = expectError('# Plan\n\n## Fix\n\n```bash\nsystemctl restart x\n\n## Rollback\n- undo\n');
    expect(error).toEqual({
      code: 'rca:unclosed-fence',
      message: 'The code fence opened at line 5 is never closed; add a closing ``` line after the code.',
      line: 5,
    });
  });

  it('finds an unclosed fence inside a list item and accepts a closed longer fence', () => {
    expect(expectError('# P\n\n- step\n  ~~~\n  echo\n- next\n')).toMatchObject({
      code: 'rca:unclosed-fence',
      line: 4,
    });
    expect(importPlan('# P\n\n````md\n```\ninner\n```\n````\n').ok).toBe(true);
    expect(expectError('# P\n\n````md\ninner\n```\n').line).toBe(3);
  });

  it('rejects 10,000-deep nested lists with the line, without parsing them', { timeout: 10_000 }, () => {
    const error = expectError(`# Deep\n\n${'- '.repeat(10_000)}x\n`);
    expect(error).toMatchObject({ code: 'rca:too-deep', line: 3 });
    expect(error.message).toContain(`the limit is ${MAX_NESTING_DEPTH}`);
  });

  it('rejects 10,000-deep quotes and ordered lists too', { timeout: 10_000 }, () => {
    expect(expectError(`# Q\n${'> '.repeat(10_000)}x`)).toMatchObject({ code: 'rca:too-deep', line: 2 });
    expect(expectError(`# Q\n${'1. '.repeat(10_000)}x`)).toMatchObject({ code: 'rca:too-deep', line: 2 });
  });

  it('rejects indentation nesting past the limit, and accepts it below', { timeout: 10_000 }, () => {
    const nested = (levels: number) =>
      Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- [ ] l${i}`).join('\n');
    expect(expectError(`# I\n## Checklist\n${nested(150)}\n`)).toMatchObject({ code: 'rca:too-deep', line: 3 + 100 });
    const ok = importPlan(`# I\n## Checklist\n${nested(80)}\n`);
    expect(ok.ok && ok.plan.checklists[0]?.groups[0]?.items.at(-1)).toEqual({ text: 'l79', done: false, depth: 79 });
  });

  it('does not count deep YAML indentation inside a fence as nesting', () => {
    const yaml = Array.from({ length: 30 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n');
    expect(importPlan(`# Y\n## Fix plan\n### Now\n\`\`\`yaml\n${yaml}\n\`\`\`\n`).ok).toBe(true);
  });
});

describe('raw HTML and script links stay inert data', () => {
  const hostile = [
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
  ].join('\n');
  const result = importPlan(hostile);
  if (!result.ok) throw new Error(result.error.message);
  const { plan } = result;

  it('keeps the HTML as literal text in the note and item, exactly as written', () => {
    const note = plan.notes.find((n) => n.title === 'Notes');
    expect(note?.body).toContain('<script>alert(document.cookie)</script>');
    expect(note?.body).toContain('[the runbook](javascript:alert(1))');
    expect(plan.checklists[0]?.groups[0]?.items[0]?.text).toBe('<iframe src="https://evil.example"></iframe> restart');
  });

  it('flags every raw HTML node and the javascript: link in warnings, with lines', () => {
    expect(plan.warnings).toEqual(
      expect.arrayContaining([
        'Raw HTML at line 1 is kept as plain text and never rendered as HTML.',
        'Raw HTML at line 4 is kept as plain text and never rendered as HTML.',
        'Raw HTML at line 6 is kept as plain text and never rendered as HTML.',
        'Raw HTML at line 9 is kept as plain text and never rendered as HTML.',
        'Link to a "javascript:" URL at line 6 is kept as plain text.',
      ]),
    );
  });

  it('is plain JSON data: no nodes, no HTML fields, nothing but strings to escape', () => {
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    const keys = allKeys(plan);
    for (const forbidden of ['html', 'dangerouslySetInnerHTML', '__html', 'type', 'children', 'url']) {
      expect(keys).not.toContain(forbidden);
    }
    // The markup is there only as characters, for the renderer to escape.
    expect(allStrings(plan).some((s) => s.includes('<script>'))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { parsePlaybook, playbookHash, type PlaybookProblem } from './parse-playbook';

const VALID = `name: restart-unit
description: Restart one unit.
destructive: false
params:
  unit:
    type: unit
steps:
  - id: restart
    name: Restart
    kind: run
    run: systemctl restart -- {{ unit }}
`;

function problems(source: string): PlaybookProblem[] {
  const parsed = parsePlaybook(source);
  if (parsed.ok) throw new Error('expected problems');
  return parsed.problems;
}

describe('parsePlaybook', () => {
  it('accepts a valid playbook, fills defaults, and versions it by content', () => {
    const parsed = parsePlaybook(VALID);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.definition.steps[0]).toMatchObject({ timeout: 60_000, sudo: false, on_failure: 'stop' });
    expect(parsed.definition.targets).toEqual({ concurrency: 1, canary: false, max_failures: 0 });
    expect(parsed.hash).toBe(playbookHash(VALID));
    expect(playbookHash(VALID.replace(/\n/g, '\r\n'))).toBe(parsed.hash);
    expect(playbookHash(VALID.replace('Restart one', 'Restart a'))).not.toBe(parsed.hash);
  });

  it('refuses an unknown key, naming its line and path', () => {
    const source = VALID.replace('    kind: run\n', '    kind: run\n    on_fail: continue\n');
    expect(problems(source)).toEqual([
      { line: 11, column: 5, path: 'steps[0].on_fail', message: 'unknown key "on_fail"' },
    ]);
  });

  it('names the line of a bad value and of a missing key', () => {
    const bad = problems(VALID.replace('    kind: run\n', '    kind: run\n    timeout: soon\n'));
    expect(bad[0]).toMatchObject({ line: 11, path: 'steps[0].timeout' });
    expect(bad[0]?.message).toMatch(/duration/);
    const missing = problems(VALID.replace('destructive: false\n', ''));
    expect(missing[0]).toMatchObject({ line: 1, path: 'destructive' });
    expect(missing[0]?.message).toMatch(/required/);
  });

  it('reports YAML syntax errors with their line', () => {
    const [first] = problems('name: x\nsteps: [\n  - a\n');
    expect(first?.line).toBeGreaterThan(1);
  });

  it('refuses duplicate keys', () => {
    expect(problems(VALID.replace('destructive: false\n', 'destructive: false\ndestructive: true\n'))[0]?.line).toBe(4);
  });

  it.each([
    ['an undeclared placeholder', 'systemctl restart -- {{ service }}', /unknown placeholder \{\{ service \}\}/],
    ['a placeholder inside double quotes', 'echo "{{ unit }}"', /inside "…"/],
    ['a placeholder inside single quotes', "echo '{{ unit }}'", /inside '…'/],
    ['a placeholder inside backticks', 'echo `echo {{ unit }}`', /inside backticks/],
    ['a placeholder after a backslash', 'echo \\{{ unit }}', /after a backslash/],
    ['a placeholder right after $', 'echo ${{ unit }}', /after "\$"/],
    ['a broken placeholder', 'echo {{ unit', /not a placeholder/],
    ['a NUL character', '"echo a\\0b"', /NUL character/],
  ])('refuses %s', (_what, command, message) => {
    const [first] = problems(VALID.replace('systemctl restart -- {{ unit }}', command));
    expect(first).toMatchObject({ line: 11, path: 'steps[0].run' });
    expect(first?.message).toMatch(message);
  });

  it('refuses placeholders in a script with a here-document, naming the line inside a block', () => {
    const source = VALID.replace(
      '    run: systemctl restart -- {{ unit }}\n',
      '    run: |\n      echo start\n      cat <<EOF\n      {{ unit }}\n      EOF\n',
    );
    const [first] = problems(source);
    expect(first?.message).toMatch(/here-document/);
    expect(first?.line).toBe(14);
  });

  it('is not fooled by an apostrophe in a comment', () => {
    const source = VALID.replace(
      '    run: systemctl restart -- {{ unit }}\n',
      "    run: |\n      # the unit's name\n      systemctl restart -- {{ unit }}\n",
    );
    expect(parsePlaybook(source).ok).toBe(true);
  });

  it.each([
    ['git reset --hard -- {{ ref }}', /read the ref as a path/],
    ['git reset --hard {{ ref }}', /needs a "--" after the ref/],
    ['git -C /srv/app checkout {{ ref }}', /needs a "--"/],
  ])('puts "--" where git needs it: refuses %s', (command, message) => {
    const source = VALID.replace('  unit:\n    type: unit\n', '  ref:\n    type: git-ref\n').replace(
      'systemctl restart -- {{ unit }}',
      command,
    );
    expect(problems(source)[0]?.message).toMatch(message);
  });

  it('accepts git reset --hard <ref> -- and git pull <remote> <ref>', () => {
    for (const command of ['git -C /srv/app reset --hard {{ ref }} --', 'git pull --ff-only origin {{ ref }}']) {
      const source = VALID.replace('  unit:\n    type: unit\n', '  ref:\n    type: git-ref\n').replace(
        'systemctl restart -- {{ unit }}',
        command,
      );
      expect(parsePlaybook(source)).toMatchObject({ ok: true });
    }
  });

  it('keeps secrets out of sudo steps and confirm messages', () => {
    const withSecret = VALID.replace('params:\n', 'params:\n  token:\n    type: secret\n');
    const sudo = withSecret
      .replace('    kind: run\n', '    kind: run\n    sudo: true\n')
      .replace('{{ unit }}', '{{ unit }} {{ token }}');
    expect(problems(sudo)[0]?.message).toMatch(/secret token cannot reach a sudo step/);
    const confirm = withSecret.replace(
      'steps:\n',
      "steps:\n  - id: ok\n    name: OK?\n    kind: confirm\n    message: 'Use {{ token }}?'\n",
    );
    expect(problems(confirm)[0]?.message).toMatch(/cannot show the secret token/);
  });

  it('checks defaults against their type, and int ranges', () => {
    const source = VALID.replace('    type: unit\n', '    type: unit\n    default: "-x"\n');
    expect(problems(source)[0]).toMatchObject({ path: 'params.unit.default' });
    const range = VALID.replace('    type: unit\n', '    type: int\n    min: 5\n    max: 1\n');
    expect(problems(range)[0]?.message).toMatch(/below min/);
    const negative = VALID.replace('    type: unit\n', '    type: int\n    min: -5\n    max: 1\n');
    expect(problems(negative)[0]?.message).toMatch(/non-negative/);
  });

  it('requires a guard for an optional observation', () => {
    const source = VALID.replace(
      'steps:\n',
      'observe:\n  - id: holder\n    name: Holder\n    run: echo pid=1\n    outputs:\n      pid: { type: pid, optional: true }\nsteps:\n',
    ).replace('{{ unit }}', '{{ unit }} {{ holder.pid }}');
    expect(problems(source)[0]?.message).toMatch(/may be absent: add "when: holder.pid"/);
    expect(parsePlaybook(source.replace('    kind: run\n', '    kind: run\n    when: holder.pid\n')).ok).toBe(true);
  });

  it('refuses on_failure: rollback without rollback steps', () => {
    expect(problems(VALID.replace('    kind: run\n', '    kind: run\n    on_failure: rollback\n'))[0]?.message).toMatch(
      /no rollback steps/,
    );
  });
});

describe('parsePlaybook cache', () => {
  it('gives the same source the same frozen result, which no caller can change', () => {
    const source = VALID.replace('Restart one unit.', 'Restart one unit (cached).');
    const first = parsePlaybook(source);
    expect(parsePlaybook(source)).toBe(first);
    if (!first.ok) throw new Error('expected a valid playbook');
    expect(() => {
      (first.definition.steps[0] as { run: string }).run = 'rm -rf /';
    }).toThrow(TypeError);
    expect((first.definition.steps[0] as { run: string }).run).toBe('systemctl restart -- {{ unit }}');
  });

  it('keeps refusals as they were: a cached refusal is what a fresh parse finds', () => {
    const bad = VALID.replace('kind: run', 'kind: sprint');
    const first = problems(bad);
    // The same text with CRLF line ends is another cache key but the same document: parsed afresh.
    expect(problems(bad)).toEqual(problems(bad.replace(/\n/g, '\r\n')));
    expect(problems(bad)).toBe(first);
    expect(first[0]?.path).toBe('steps[0].kind');
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  killGroupCommand,
  PidLineParser,
  SPARE_SESSION,
  secretStdin,
  shellQuote,
  spareCommand,
  spareSessionInput,
  wrapCommand,
} from './remote-command';
import { defined } from '@/tests/support/defined';

function runSh(script: string): string {
  return execFileSync('sh', ['-c', script], { encoding: 'utf8' });
}

describe('shellQuote', () => {
  it.each(['plain', "it's", "'; rm -rf / #", '$(id) `id` $HOME', 'a\nb', ''])('round-trips %j through sh', (value) => {
    expect(runSh(`printf %s ${shellQuote(value)}`)).toBe(value);
  });
});

// Under sshd the login shell leads its own group (fast path); a shell spawned by
// node does not (setsid path). Both must put the command in a group of its own.
const launchers = {
  'group-leader shell (as under sshd)': (script: string) =>
    execFileSync('setsid', ['-w', 'sh', '-c', script], { encoding: 'utf8' }),
  'ordinary shell (setsid fallback)': runSh,
};

describe.each(Object.entries(launchers))('wrapCommand from a %s', (_name, launch) => {
  it('reports the PID first, then runs the command verbatim as its own group leader', () => {
    const out = launch(wrapCommand(`echo "it's"; ps -o pgid= -p $$`));
    const [pidLine, said, pgid] = out.trim().split('\n');
    const pid = Number(defined(pidLine, 'PID line').replace('__WARROOM_PID=', ''));
    expect(pidLine).toMatch(/^__WARROOM_PID=\d+$/);
    expect(said).toBe("it's");
    expect(Number(pgid)).toBe(pid);
    expect(pid).not.toBe(process.pid);
  });

  it('passes env values literally', () => {
    expect(launch(wrapCommand('printf %s "$GREETING"', { GREETING: "$(id) 'x'" })).split('\n')[1]).toBe("$(id) 'x'");
  });
});

describe('wrapCommand in a POSIX login shell (the command runs in it, no second exec)', () => {
  const asLogin = (shell: string, script: string) =>
    spawnSync('setsid', ['-w', shell, '-c', script], { encoding: 'utf8' });

  it('runs the command once, with its own status, none of the wrapper’s variables and no arguments', () => {
    const once = asLogin('sh', wrapCommand('echo once'));
    expect(once.stdout.split('\n').slice(1)).toEqual(['once', '']);
    expect(asLogin('sh', wrapCommand('exit 3')).status).toBe(3);
    expect(asLogin('sh', wrapCommand('false')).status).toBe(1);
    expect(asLogin('sh', wrapCommand('echo "$# ${s-unset} $0"')).stdout.split('\n')[1]).toBe('0 unset sh');
    const syntax = asLogin('sh', wrapCommand('echo "(" ; if'));
    expect(syntax.status).toBe(2);
    expect(syntax.stdout.split('\n').slice(1)).toEqual(['']);
  });

  it('the shell that printed the PID is the one that runs the command: no exec in between', () => {
    // `$$` inside the command is the reported PID both ways; what tells them apart is whether
    // the process's command line is still the wrapper's (in place) or became `sh -c <command>`.
    const out = asLogin('sh', wrapCommand('tr "\\0\\n" "  " < /proc/$$/cmdline')).stdout.split('\n');
    expect(out[1]).toMatch(/^sh -c if read -r s /);
  });

  it('another login shell (bash) starts sh for the command, as before', () => {
    const out = asLogin(
      'bash',
      wrapCommand('tr "\\0" " " < /proc/$$/cmdline; echo; echo "${BASH_VERSION-none}"'),
    ).stdout.split('\n');
    expect(out[1]).toMatch(/^sh -c /);
    expect(out[2]).toBe('none');
  });
});

describe('wrapCommand', () => {
  it('passes env values literally and refuses bad names', () => {
    expect(runSh(wrapCommand('printf %s "$GREETING"', { GREETING: "$(id) 'x'" })).split('\n')[1]).toBe("$(id) 'x'");
    expect(() => wrapCommand('true', { 'A;B': 'x' })).toThrow(/not a shell identifier/);
    expect(() => wrapCommand('echo a\0b')).toThrow(/NUL character/);
    expect(() => spareCommand('true', { A: 'x\0' })).toThrow(/NUL character/);
  });

  it('gives the command the real stderr and no extra file descriptors', () => {
    const run = spawnSync(
      'sh',
      ['-c', wrapCommand('echo oops >&2; [ -e /dev/fd/3 ] && echo fd3-open || echo fd3-closed')],
      { encoding: 'utf8' },
    );
    expect(run.stderr).toBe('oops\n');
    expect(run.stdout.split('\n')[1]).toBe('fd3-closed');
  });

  it('hides setsid’s own notice when the command dies of a signal', () => {
    const run = spawnSync('sh', ['-c', wrapCommand('kill -s TERM $$')], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).not.toBe(0);
  });

  it('keeps the exit code', () => {
    expect(() => runSh(wrapCommand('exit 7'))).toThrow(expect.objectContaining({ status: 7 }));
  });
});

describe('killGroupCommand', () => {
  it('refuses to target init or a non-integer group', () => {
    expect(() => killGroupCommand(1, 1000)).toThrow(RangeError);
    expect(() => killGroupCommand(Number.NaN, 1000)).toThrow(RangeError);
  });
});

describe('PidLineParser', () => {
  it('strips the PID line even when it arrives in pieces', () => {
    const parser = new PidLineParser();
    const out = [
      parser.push(Buffer.from('__WARROOM_')),
      parser.push(Buffer.from('PID=4242\nhel')),
      parser.push(Buffer.from('lo')),
    ];
    expect(parser.pid).toBe(4242);
    expect(Buffer.concat(out).toString()).toBe('hello');
  });

  it('passes through output that does not start with the marker', () => {
    const parser = new PidLineParser();
    expect(parser.push(Buffer.from('sh: setsid: not found\n')).toString()).toBe('sh: setsid: not found\n');
    expect(parser.pid).toBeUndefined();
  });

  it('does not treat a later marker as the PID line', () => {
    const parser = new PidLineParser();
    parser.push(Buffer.from('__WARROOM_PID=10\n'));
    expect(parser.push(Buffer.from('__WARROOM_PID=99\n')).toString()).toBe('__WARROOM_PID=99\n');
    expect(parser.pid).toBe(10);
  });
});

describe('wrapCommand with secrets over stdin', () => {
  const secret = "s3cr3t 'quoted' $(touch /tmp/warroom-never) `id`";

  it.each(Object.entries(launchers))(
    'exports them to the command from a %s, and keeps them out of the string',
    (_n, launch) => {
      const wrapped = wrapCommand('printf "%s|" "$TOKEN"; cat', {}, ['TOKEN']);
      expect(wrapped).not.toContain('s3cr3t');
      const script = launch === runSh ? ['sh', ['-c', wrapped]] : ['setsid', ['-w', 'sh', '-c', wrapped]];
      const run = spawnSync(script[0] as string, script[1] as string[], {
        encoding: 'utf8',
        input: `${secretStdin({ TOKEN: secret })}rest of stdin\n`,
      });
      expect(run.stdout.split('\n').slice(1).join('\n')).toBe(`${secret}|rest of stdin\n`);
    },
  );

  it('fails closed when the secrets do not arrive', () => {
    const run = spawnSync('sh', ['-c', wrapCommand('echo ran', {}, ['TOKEN'])], { encoding: 'utf8', input: '' });
    expect(run.status).toBe(125);
    expect(run.stdout).not.toContain('ran');
  });

  it('refuses a secret that cannot travel as one line, and bad names', () => {
    expect(() => secretStdin({ TOKEN: 'a\nb' })).toThrow(/newline/);
    expect(() => wrapCommand('true', {}, ['A B'])).toThrow(/not a shell identifier/);
  });
});

describe('SPARE_SESSION: a login shell that waits for its command on stdin', () => {
  const spare = (shell: string, input: string) =>
    spawnSync('setsid', ['-w', shell, '-c', SPARE_SESSION], { input, encoding: 'utf8' });

  describe.each(['sh', 'bash'])('under %s', (shell) => {
    it('runs the wrapper it reads exactly as an exec request would, stdin after it included', () => {
      const input =
        spareSessionInput(
          wrapCommand('echo "hi $# ${c-unset} ${n-unset} ${l-unset}"; printf "%s|" "$(cat)"', {}, ['TOKEN']),
        ) +
        secretStdin({ TOKEN: 's3cr3t' }) +
        'rest of stdin\nline 2';
      const run = spare(shell, input);
      const [pidLine, said, rest] = run.stdout.split('\n');
      expect(pidLine).toMatch(/^__WARROOM_PID=\d+$/);
      expect(said).toBe('hi 0 unset unset unset');
      expect(rest).toBe('rest of stdin');
      expect(run.stdout.endsWith('line 2|')).toBe(true);
      expect(run.status).toBe(0);
    });

    it('keeps the exit status, the secrets, and multi-line commands byte for byte', () => {
      const secret = spare(
        shell,
        spareSessionInput(spareCommand('echo "$TOKEN"; exit 7', {}, ['TOKEN'])) + secretStdin({ TOKEN: "a 'b' $c" }),
      );
      expect(secret.stdout.split('\n')[1]).toBe("a 'b' $c");
      expect(secret.status).toBe(7);
      const text = "printf '%s\\n' 'one\n  two\\\\n' \"it's\"";
      const multi = spare(shell, spareSessionInput(spareCommand(text)));
      expect(multi.stdout.split('\n').slice(1)).toEqual(['one', '  two\\\\n', "it's", '']);
      expect(spare(shell, spareSessionInput(spareCommand('echo "(" ; if'))).status).toBe(2);
    });

    it('sends a few lines, not the whole exec wrapper: a spare reads them a byte at a time', () => {
      expect(spareCommand('true').length).toBeLessThan(wrapCommand('true').length / 3);
    });

    it('as a shell that does not lead its own group, ends at once without reading a command', () => {
      const marker = `/tmp/warroom-spare-not-leader-${process.pid}`;
      const run = spawnSync(shell, ['-c', SPARE_SESSION], {
        input: spareSessionInput(spareCommand(`touch ${marker}`)),
        encoding: 'utf8',
      });
      expect(run).toMatchObject({ status: 0, stdout: '', stderr: '' });
      expect(spawnSync('test', ['-e', marker]).status).toBe(1);
    });

    it('ends quietly at EOF before a command, and runs nothing of a command cut short', () => {
      expect(spare(shell, '')).toMatchObject({ status: 0, stdout: '', stderr: '' });
      const cut = spare(shell, '6\nif true; then\n  touch /nonexistent-dir/x\n');
      expect(cut.status).toBe(125);
      expect(cut.stdout).toBe('');
      expect(cut.stderr).toBe('warroom: the command did not arrive whole\n');
      expect(spare(shell, 'not a count\n').status).toBe(125);
    });
  });
});

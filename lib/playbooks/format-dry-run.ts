import type { DryRun } from './dry-run';
import type { RenderedStep } from './render-command';

/**
 * The dry run as text, for the CLI and the golden files: every command
 * exactly as it will be sent, indented, under a header naming the step.
 * Pure.
 */
export function formatDryRun(dry: DryRun): string {
  const lines: string[] = [
    `playbook: ${dry.playbook.name} ${dry.playbook.hash}${dry.playbook.destructive ? ' (destructive)' : ''}`,
    `params: ${
      Object.entries(dry.params)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ') || '(none)'
    }`,
  ];
  for (const host of dry.hosts) {
    lines.push('', `== host ${host.name} (${host.serviceManager}, host key ${host.fingerprint ?? 'NOT PINNED'})`);
    for (const obs of host.observations) {
      lines.push(`-- observe ${obs.id}: ${obs.name}`, indent(obs.command));
      if (obs.error) lines.push(`   => FAILED: ${obs.error}`);
      for (const [key, value] of Object.entries(obs.values)) lines.push(`   => ${key} = ${value}`);
    }
    for (const step of host.steps) lines.push(stepHeader(step), ...(step.command ? [indent(step.command)] : []));
    for (const reason of host.blocked) lines.push(`!! blocked: ${reason}`);
  }
  lines.push('', `digest: ${dry.digest}`, dry.ok ? 'ready to run' : 'cannot run: see "blocked" above');
  return `${lines.join('\n')}\n`;
}

function stepHeader(step: RenderedStep): string {
  const facts = [
    step.kind,
    step.timeoutMs !== null ? `timeout ${step.timeoutMs / 1000}s` : null,
    step.sudo ? 'sudo' : null,
    step.onFailure ? `on failure ${step.onFailure}` : null,
    step.expect?.exit !== undefined ? `expect exit ${step.expect.exit}` : null,
    step.expect?.output ? `expect output /${step.expect.output}/` : null,
    step.retry ? `retry ${step.retry.times}× every ${step.retry.delayMs / 1000}s` : null,
  ].filter(Boolean);
  const head = `-- step ${step.id}: ${step.name} [${facts.join(', ')}]`;
  if (step.skipped) return `${head}\n   (skipped: ${step.skipped})`;
  if (step.message) return `${head}\n   "${step.message}"`;
  return head;
}

function indent(text: string): string {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => `   ${line}`)
    .join('\n');
}

import { classifySection } from '@/lib/rca/classify-heading';
import { formatDuration } from '@/lib/incidents/durations';
import { checklistCompletion, formatUtc, percent, phaseCompletion, undoneItems } from './analyze';
import { codeFence, heading, inlineBlock, oneLine, tableCell, yamlString } from './markdown-text';
import {
  NARRATIVE_SECTIONS,
  NARRATIVE_TITLES,
  POSTMORTEM_SCHEMA_VERSION,
  type Postmortem,
  type PostmortemRun,
} from './schema';

/**
 * Sections this renderer writes for people only (durations, completion, the
 * chart, the updates sent). The importer keeps them as notes; they are left
 * out when such a note comes back here, so a round trip does not repeat them.
 */
export const GENERATED_SECTION_TITLES = [
  'Key times',
  'Checklist completion',
  'Published updates',
  'Timeline chart',
  'Playbook runs',
  // The importer keeps a document's front matter as this note; ours is written anew.
  'Front matter',
] as const;

/** The severity the front matter carries (SEV1–SEV4, the agreed format). */
export function frontMatterSeverity(severity: string): string {
  const map: Record<string, string> = { CRITICAL: 'SEV1', HIGH: 'SEV2', MEDIUM: 'SEV3', LOW: 'SEV4' };
  const s = severity.toUpperCase();
  return /^SEV[1-4]$/.test(s) ? s : (map[s] ?? 'SEV2');
}

export type MarkdownOptions = {
  /** File name of the chart beside the Markdown (bundle / download); no image line when absent. */
  chartFile?: string;
};

/**
 * Post-mortem → GitHub-flavoured Markdown in the format agreed with the
 * importer (see the README, "Export format"): readable on its own and
 * importable again. Pure; built as an array of lines joined once, because
 * an incident can have tens of thousands of events.
 */
export function renderMarkdown(pm: Postmortem, options: MarkdownOptions = {}): string {
  const out: string[] = [];
  const inc = pm.incident;
  const block = (...lines: string[]) => out.push(...lines, '');

  block(
    '---',
    'warroom: export',
    `schemaVersion: ${POSTMORTEM_SCHEMA_VERSION}`,
    `title: ${yamlString(inc.title)}`,
    `slug: ${yamlString(inc.slug)}`,
    `severity: ${frontMatterSeverity(inc.severity)}`,
    `status: ${inc.status}`,
    ...(['startedAt', 'detectedAt', 'mitigatedAt', 'resolvedAt'] as const)
      .filter((k) => inc[k])
      .map((k) => `${k}: ${inc[k]}`),
    '---',
  );
  block(heading(1, inc.title));
  out.push(`**Severity**: ${frontMatterSeverity(inc.severity)}`);
  if (inc.impact) out.push(`**Impact**: ${oneLine(inc.impact)}`);
  out.push('');

  if (inc.summary) block('## Executive Summary', inc.summary.trim());

  // A list, not a table: a table with a time column reads back as a timeline.
  block(
    '## Key times',
    `- **Started**: ${formatUtc(inc.startedAt)}`,
    `- **Detected**: ${formatUtc(inc.detectedAt)}`,
    `- **Mitigated**: ${formatUtc(inc.mitigatedAt)}`,
    `- **Resolved**: ${formatUtc(inc.resolvedAt)}`,
  );
  block(
    `Time to detect: ${formatDuration(pm.durations.toDetectMs)} · time to mitigate: ${formatDuration(pm.durations.toMitigateMs)} · time to resolve: ${formatDuration(pm.durations.toResolveMs)}`,
  );
  if (options.chartFile) block('## Timeline chart', `![Timeline chart of ${oneLine(inc.title)}](${options.chartFile})`);

  renderFindings(pm, block);
  renderFixes(pm, block);

  for (const c of pm.checklists) {
    block(heading(2, c.title));
    for (const g of c.groups) {
      block(heading(3, g.title));
      block(
        ...g.items.map(
          (i) => `${'  '.repeat(i.depth)}- [${i.done ? 'x' : ' '}] ${inlineBlock(i.text, '  '.repeat(i.depth + 1))}`,
        ),
      );
    }
  }

  renderCompletion(pm, block);
  if (pm.runs.length) renderRuns(pm.runs, block);

  if (pm.statusUpdates.length) {
    block('## Published updates');
    for (const u of pm.statusUpdates) {
      block(
        `- ${formatUtc(u.at)} · ${u.audience}${u.author ? ` · ${oneLine(u.author.name)}` : ''}`,
        '',
        ...u.body
          .trim()
          .split(/\r?\n/)
          .map((l) => `  > ${l}`),
      );
    }
  }

  // Empty sections are left out: nothing to read, nothing to import.
  if (pm.timeline.length) {
    block('## Timeline');
    block(...pm.timeline.map((e) => `- ${formatUtc(e.at)}: ${eventText(e)}`));
  }

  if (pm.actionItems.length) {
    block('## Action items');
    block(
      ...pm.actionItems.map((a) => {
        const tail = [
          a.owner ? `owner: ${oneLine(a.owner)}` : null,
          a.due ? `due: ${a.due}` : null,
          a.link ? `link: ${a.link}` : null,
        ].filter(Boolean);
        return `- [${a.done ? 'x' : ' '}] ${inlineBlock(a.text, '  ')}${tail.length ? ` (${tail.join('; ')})` : ''}`;
      }),
    );
  }

  if (NARRATIVE_SECTIONS.some((k) => pm.narrative[k].body.trim())) {
    block('## Lessons learned');
    if (pm.narrative.lessons.body.trim()) block(...bullets(pm.narrative.lessons.body));
    for (const key of ['wentWell', 'wentPoorly', 'lucky'] as const) {
      block(`### ${NARRATIVE_TITLES[key]}`);
      const body = pm.narrative[key].body;
      if (body.trim()) block(...bullets(body));
    }
  }

  renderReference(pm, block);
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}

type Block = (...lines: string[]) => void;

function eventText(e: Postmortem['timeline'][number]): string {
  return `${oneLine(e.summary)}${e.actor ? ` (${oneLine(e.actor.name)})` : ''}`;
}

/** A narrative section's text as a bullet list: one point per line. */
export function bullets(body: string): string[] {
  return body
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*[-*+]\s+/, '').trim())
    .filter(Boolean)
    .map((l) => `- ${inlineBlock(l, '  ')}`);
}

function renderFindings(pm: Postmortem, block: Block): void {
  if (!pm.findings.length) return;
  block('## Issues Discovered');
  pm.findings.forEach((f, n) => {
    block(heading(3, /^issue\s+\d+\s*:/i.test(f.title) ? f.title : `Issue ${n + 1}: ${f.title}`));
    const fields: string[] = [];
    if (f.severity) fields.push(`**Severity**: ${oneLine(f.severity)}`);
    if (f.status) fields.push(`**Status**: ${oneLine(f.status)}`);
    if (fields.length) block(...fields);
    if (f.rootCause) block('**Root Cause**:', f.rootCause.trim());
    if (f.evidence.length) {
      block('**Evidence**:');
      for (const e of f.evidence) block(e.kind === 'code' ? codeFence(e.code, e.lang) : e.text.trim());
    }
    if (f.codeLocation) block('**Code Location**:', f.codeLocation.trim());
    if (f.impact) block('**Impact**:', f.impact.trim());
    if (f.details) block(f.details.trim());
  });
}

function renderFixes(pm: Postmortem, block: Block): void {
  if (!pm.fixes.length) return;
  block('## Fix Plan');
  let phaseTitle: string | null = null;
  for (const f of pm.fixes) {
    if (f.phaseTitle !== phaseTitle) {
      phaseTitle = f.phaseTitle;
      block(heading(3, f.phaseTitle));
    }
    block(heading(4, f.title), f.body.trim());
  }
}

function renderCompletion(pm: Postmortem, block: Block): void {
  if (!pm.checklists.length) return;
  block('## Checklist completion');
  const rows = pm.checklists.flatMap((c) => {
    const all = checklistCompletion(c);
    return [
      `| ${tableCell(c.title)} | | ${all.done}/${all.total} | ${percent(all)}% |`,
      ...c.groups.map((g) => {
        const done = g.items.filter((i) => i.done).length;
        return `| | ${tableCell(g.title)} | ${done}/${g.items.length} | ${percent({ done, total: g.items.length })}% |`;
      }),
    ];
  });
  block('| Checklist | Group | Done | % |', '| --- | --- | --- | --- |', ...rows);
  const phases = phaseCompletion(pm);
  const phaseLine = (['immediate', 'medium', 'long'] as const)
    .filter((p) => phases[p])
    .map((p) => `${p}: ${phases[p]!.done}/${phases[p]!.total}`);
  if (phaseLine.length) block(`Fix phases (deployment checklist): ${phaseLine.join(' · ')}`);
  const undone = undoneItems(pm.checklists);
  if (undone.length) {
    block('Left undone:');
    // Each item on a line of its own, exactly as written: a line that says
    // "status update every 15 minutes" must read back as the same cadence.
    const lines: string[] = [];
    let where = '';
    for (const u of undone) {
      const here = `${u.checklist} › ${u.group}`;
      if (here !== where) lines.push(`- **${oneLine(here)}**`);
      where = here;
      lines.push(`  - ${inlineBlock(u.item.text, '    ')}`);
    }
    block(...lines);
  } else block('Nothing was left undone.');
}

function renderRuns(runs: readonly PostmortemRun[], block: Block): void {
  block('## Playbook runs');
  block(
    ...runs.map((r) => {
      const params = r.params.map((p) => `${p.name}=${p.secret ? '••••' : p.value}`).join(', ');
      const approved = r.approvedBy ? `, approved by ${r.approvedBy.name}` : '';
      const lines = [
        `- ${formatUtc(r.requestedAt)}: ${oneLine(`${r.playbook} on ${r.hosts.join(', ') || 'no hosts'} — ${r.status}${approved}${params ? ` (${params})` : ''}`)}`,
      ];
      const asked = [
        r.requestedBy ? `requested by ${r.requestedBy.name}` : null,
        r.approval?.status === 'rejected' && r.approval.decidedBy ? `rejected by ${r.approval.decidedBy}` : null,
        r.result ? `result: ${r.result}` : null,
        r.link ? `in the console: ${r.link}` : null,
      ].filter((x) => x !== null);
      if (asked.length) lines.push(`  - ${oneLine(asked.join('; '))}`);
      for (const h of r.hostResults) {
        const kills = h.steps.filter((s) => s.kill).map((s) => `${s.name}: kill ${s.kill}`);
        const failed = h.steps.filter((s) => s.status !== 'succeeded' && s.status !== 'skipped' && !s.kill);
        const detail = [
          ...failed.map((s) => `${s.name} ${s.status}${s.exitCode !== null ? ` (exit ${s.exitCode})` : ''}`),
          ...kills,
        ];
        lines.push(`  - ${oneLine(`${h.host}: ${h.status}${detail.length ? ` — ${detail.join('; ')}` : ''}`)}`);
      }
      return lines.join('\n');
    }),
  );
}

function renderReference(pm: Postmortem, block: Block): void {
  const { reference } = pm;
  if (reference.recentChanges.length) {
    block('## Recent Changes Analysis');
    for (const rc of reference.recentChanges) {
      block(heading(3, rc.repository));
      if (rc.commits.length) block(...rc.commits.map((c) => `- ${c.sha ? `\`${c.sha}\` ` : ''}${oneLine(c.message)}`));
      if (rc.details) block(rc.details.trim());
    }
  }
  if (reference.estimatedTimeline.length) {
    const cols = [...new Set(reference.estimatedTimeline.flatMap((r) => Object.keys(r)))];
    block(
      '## Estimated Timeline',
      `| ${cols.map(tableCell).join(' | ')} |`,
      `| ${cols.map(() => '---').join(' | ')} |`,
      ...reference.estimatedTimeline.map((r) => `| ${cols.map((c) => tableCell(r[c] ?? '')).join(' | ')} |`),
    );
  }
  const generated = new Set<string>([...GENERATED_SECTION_TITLES, 'Lessons learned', 'Action items', 'Timeline']);
  const rollbackNote = reference.notes.find((n) => classifySection(n.title) === 'rollback');
  for (const note of reference.notes) {
    if (generated.has(note.title) || note === rollbackNote) continue;
    block(heading(2, note.title), note.body.trim());
  }
  if (reference.rollback.length || rollbackNote) {
    // One section, as the document had it: its intro (kept as a note) and its steps.
    block(heading(2, rollbackNote?.title ?? 'Rollback Plan'));
    if (rollbackNote?.body.trim()) block(rollbackNote.body.trim());
    for (const step of reference.rollback) {
      block(heading(3, step.title));
      if (step.body?.trim()) block(step.body.trim());
      for (const script of step.scripts) block(codeFence(script.code, script.lang));
    }
  }
}

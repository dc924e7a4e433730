/**
 * The synthetic RCA plans bench/import.ts measures and lib/rca's tests reuse.
 * Pure string building (no I/O), so tests can import it without running the bench.
 */

/**
 * A plan shaped like the fixture, repeated until it nears `targetBytes`:
 * findings with evidence, phased fixes with bash/python/yaml blocks (whose
 * `# ` lines must stay code), checklists with nested and done items, a
 * timeline table and prose notes.
 */
export function syntheticPlan(targetBytes: number): string {
  const head = [
    '# Synthetic outage - Root Cause Analysis & Fix Plan',
    '',
    '**Date**: 2026-01-12',
    '**Severity**: SEV1 - Everything is on fire',
    '**Impact**: Nobody can do anything',
    '',
    '## Executive Summary',
    '',
    'A long incident with many findings, fixes and checklists.',
    '',
  ];
  const sections = {
    findings: [] as string[],
    fixes: [] as string[],
    checklist: [] as string[],
    notes: [] as string[],
  };
  let bytes = 0;
  for (let n = 1; bytes < targetBytes * 0.97; n++) {
    const parts = { findings: findingBlock(n), fixes: fixBlock(n), checklist: checklistBlock(n), notes: noteBlock(n) };
    sections.findings.push(parts.findings);
    sections.fixes.push(parts.fixes);
    sections.checklist.push(parts.checklist);
    sections.notes.push(parts.notes);
    bytes += Object.values(parts).reduce((sum, p) => sum + Buffer.byteLength(p) + 1, 0);
  }
  const third = Math.ceil(sections.fixes.length / 3);
  return [
    ...head,
    '## Issues Discovered',
    ...sections.findings,
    '## Fix Plan',
    '### Immediate Fixes (Now)',
    ...sections.fixes.slice(0, third),
    '### Medium-Term Fixes (This Week)',
    ...sections.fixes.slice(third, 2 * third),
    '### Long-Term Fixes (Next Sprint)',
    ...sections.fixes.slice(2 * third),
    '## Deployment Checklist',
    ...sections.checklist,
    '## Communication Plan',
    '- [ ] Status update every 15 minutes',
    '## Estimated Timeline',
    '',
    '| Phase | Tasks | Time |',
    '|-------|-------|------|',
    '| **Immediate** | Fix 1-2 | 15 mins |',
    '',
    '## Background',
    ...sections.notes,
  ]
    .join('\n')
    .slice(0, targetBytes);
}

function findingBlock(n: number): string {
  return `### Issue ${n}: Service ${n} down
**Severity**: ${n % 3 === 0 ? 'HIGH' : 'CRITICAL'}
**Status**: Down since Jan 8, 2026 13:${String(n % 60).padStart(2, '0')}:07 CST

**Root Cause**:
- Stale process ${n} holds port ${3000 + (n % 1000)}
- Restart loop gave up after 12 attempts

**Evidence**:
\`\`\`
$ systemctl status svc-${n}
     Active: failed (Result: exit-code) since Thu 2026-01-08 13:54:07 CST
Error: listen EADDRINUSE: address already in use :::${3000 + (n % 1000)}
\`\`\`

**Impact**:
- Users of service ${n} see 503s
`;
}

function fixBlock(n: number): string {
  return `#### Fix ${n}: Restart service ${n}
**Priority**: CRITICAL
**Time**: ${n % 30} minutes

\`\`\`bash
# Kill the stale process
pkill -f "svc-${n}" || true
# Start it again
systemctl start svc-${n}
curl -fsS http://localhost:${3000 + (n % 1000)}/health
\`\`\`

\`\`\`yaml
# monitoring rule
- alert: Svc${n}Down
  expr: up{job="svc-${n}"} == 0
  for: 1m
\`\`\`
`;
}

function checklistBlock(n: number): string {
  return `### Phase ${n}
- [ ] Stop svc-${n}
- [x] Backup svc-${n} data
  - [ ] Verify backup ${n}
    1. [ ] Checksum matches
* [ ] Deploy svc-${n} (Fix ${n})
`;
}

function noteBlock(n: number): string {
  return `### Context ${n}
Service ${n} talks to **service ${n + 1}** over \`gRPC\`; see [the runbook](https://runbooks.example/${n}).
> Lesson ${n}: never kill what you did not start.
`;
}

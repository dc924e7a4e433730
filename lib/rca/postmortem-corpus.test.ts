import { describe, expect, it } from 'vitest';
import { formatScoreTable, loadCorpus, scoreDocument, type CheckResult } from '../../tests/support/postmortem-corpus';
import { importPlan } from './import-plan';
import { IncidentPlanSchema } from './types';

/**
 * The post-mortem corpus (fixtures/postmortems/): each document's expected
 * values, written by hand beside it, scored one by one. The score per
 * document is printed; the test fails below 95 % of all expectations, and
 * any failed expectation is listed so a regression names itself.
 */

const MIN_SCORE = 0.95;
const corpus = loadCorpus();

describe('the post-mortem corpus', () => {
  const results = corpus.map((doc) => {
    const imported = importPlan(doc.markdown);
    const checks: CheckResult[] = imported.ok
      ? scoreDocument(imported.plan, doc.expect)
      : Object.entries(doc.expect).map(([key, expected]) => ({ key, expected, actual: imported.error, pass: false }));
    return { doc, imported, checks };
  });

  it('has at least a dozen documents, each with expectations', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(12);
    for (const { doc } of results) expect(Object.keys(doc.expect).length, doc.name).toBeGreaterThan(5);
  });

  it('imports every document into a valid plan', () => {
    for (const { doc, imported } of results) {
      expect(imported.ok, doc.name).toBe(true);
      if (imported.ok) expect(() => IncidentPlanSchema.parse(imported.plan), doc.name).not.toThrow();
    }
  });

  it(`meets at least ${MIN_SCORE * 100} % of the expectations`, () => {
    const rows = results.map(({ doc, checks }) => ({
      name: doc.name,
      passed: checks.filter((c) => c.pass).length,
      total: checks.length,
    }));
    console.log(`post-mortem corpus score\n${formatScoreTable(rows)}`);
    const failed = results.flatMap(({ doc, checks }) =>
      checks
        .filter((c) => !c.pass)
        .map((c) => `${doc.name}: ${c.key}: expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(c.actual)}`),
    );
    if (failed.length > 0) console.log(`failed expectations:\n${failed.join('\n')}`);
    const passed = rows.reduce((n, r) => n + r.passed, 0);
    const total = rows.reduce((n, r) => n + r.total, 0);
    expect(passed / total, failed.join('\n')).toBeGreaterThanOrEqual(MIN_SCORE);
  });

  it('never takes a timestamp from a code block, raw HTML or a chat-log appendix', () => {
    // The documents put decoy timestamps there: a shell log, an etcd log, a
    // <pre> identity-provider log, a Slack transcript and an IRC log.
    const decoys = [
      ['db-replication-outage', '23:27:04'],
      ['k8s-cluster-outage', '06:17:02'],
      ['k8s-cluster-outage', '06:20'],
      ['auth-embedded-html', '03:00:01'],
      ['stream-day-headings', '10:16'],
      ['stream-day-headings', '11:45'],
      ['queue-shape-only', '2:41 PM'],
    ];
    for (const [name = '', decoy = ''] of decoys) {
      const entry = results.find((r) => r.doc.name === name);
      expect(entry?.doc.markdown, name).toContain(decoy);
      const plan = entry?.imported.ok ? entry.imported.plan : null;
      expect(
        plan?.events.some((e) => e.atText.includes(decoy)),
        `${name}: ${decoy}`,
      ).toBe(false);
    }
  });
});

import { formatDuration } from '@/lib/incidents/durations';
import {
  checklistCompletion,
  formatUtc,
  groupCompletion,
  keyEvents,
  percent,
  phaseCompletion,
  undoneItems,
} from './analyze';
import { markdownToHtml } from './markdown-html';
import { NARRATIVE_SECTIONS, NARRATIVE_TITLES, type Postmortem } from './schema';
import { esc, renderTimelineSvg } from './render-svg';

/** A PDF of tens of thousands of rows helps nobody; the rest is in the Markdown and JSON exports. */
export const HTML_TIMELINE_LIMIT = 2000;

/**
 * The post-mortem as one self-contained HTML document (inline CSS and SVG, no
 * script, no external reference): the source of the PDF and a printable
 * download. Pure.
 */
export function renderPostmortemHtml(pm: Postmortem): string {
  const inc = pm.incident;
  const s: string[] = [];
  s.push(
    `<header><h1>${esc(inc.title)}</h1><p class="meta">Post-mortem · ${esc(inc.severity)} · ${esc(inc.status)} · generated ${esc(formatUtc(pm.generatedAt))}</p></header>`,
  );
  if (inc.summary) s.push(section('Summary', markdownToHtml(inc.summary)));
  if (inc.impact) s.push(section('Impact', `<p>${esc(inc.impact)}</p>`));
  s.push(
    section(
      'Key times',
      `<table class="kv"><tbody>${(
        [
          ['Started', formatUtc(inc.startedAt)],
          ['Detected', formatUtc(inc.detectedAt)],
          ['Mitigated', formatUtc(inc.mitigatedAt)],
          ['Resolved', formatUtc(inc.resolvedAt)],
          ['Time to detect', formatDuration(pm.durations.toDetectMs)],
          ['Time to mitigate', formatDuration(pm.durations.toMitigateMs)],
          ['Time to resolve', formatDuration(pm.durations.toResolveMs)],
        ] satisfies [string, string][]
      )
        .map(([k, v]) => `<tr><th>${k}</th><td>${esc(v)}</td></tr>`)
        .join('')}</tbody></table>`,
    ),
  );
  s.push(section('Timeline chart', `<figure class="chart">${renderTimelineSvg(pm)}</figure>`));

  const key = keyEvents(pm.timeline);
  s.push(section('Important events', eventTable(key)));
  if (pm.runs.length) s.push(section('Playbook runs', `<ul>${pm.runs.map(runItem).join('')}</ul>`));

  if (pm.findings.length)
    s.push(
      section(
        'Root causes',
        pm.findings
          .map(
            (f) =>
              `<article class="finding"><h3>${esc(f.title)}${f.severity ? ` <span class="badge">${esc(f.severity)}</span>` : ''}</h3>${f.status ? `<p><strong>Status:</strong> ${esc(f.status)}</p>` : ''}${f.rootCause ? markdownToHtml(f.rootCause) : ''}${f.evidence.map((e) => (e.kind === 'code' ? `<pre><code>${esc(e.code)}</code></pre>` : markdownToHtml(e.text))).join('')}${f.impact ? `<h4>Impact</h4>${markdownToHtml(f.impact)}` : ''}</article>`,
          )
          .join(''),
      ),
    );

  if (pm.fixes.length) {
    const phases = phaseCompletion(pm);
    const byPhase = new Map<string, Postmortem['fixes']>();
    for (const f of pm.fixes) byPhase.set(f.phaseTitle, [...(byPhase.get(f.phaseTitle) ?? []), f]);
    s.push(
      section(
        'What was done',
        [...byPhase.entries()]
          .map(([title, fixes]) => {
            // A title is in byPhase only with the fix that put it there.
            const c = fixes[0] ? phases[fixes[0].phase] : null;
            return `<h3>${esc(title)}${c ? ` <span class="badge">checklist ${c.done}/${c.total}</span>` : ''}</h3>${fixes
              .map((f) => `<article class="fix"><h4>${esc(f.title)}</h4>${markdownToHtml(f.body)}</article>`)
              .join('')}`;
          })
          .join(''),
      ),
    );
  }

  if (pm.statusUpdates.length)
    s.push(
      section(
        'Communication log',
        `<ul class="comms">${pm.statusUpdates
          .map(
            (u) =>
              `<li><span class="when">${esc(formatUtc(u.at))}</span> <span class="badge">${esc(u.audience)}</span>${u.author ? ` ${esc(u.author.name)}` : ''}<blockquote>${esc(u.body)}</blockquote></li>`,
          )
          .join('')}</ul>`,
      ),
    );

  if (pm.checklists.length) {
    const undone = undoneItems(pm.checklists);
    s.push(
      section(
        'Checklist completion',
        `<table><thead><tr><th>Checklist</th><th>Group</th><th>Done</th></tr></thead><tbody>${pm.checklists
          .map((c) => {
            const all = checklistCompletion(c);
            return `<tr class="total"><td>${esc(c.title)}</td><td></td><td>${all.done}/${all.total} (${percent(all)}%)</td></tr>${c.groups
              .map((g) => {
                const gc = groupCompletion(g.items);
                return `<tr><td></td><td>${esc(g.title)}</td><td>${gc.done}/${gc.total}</td></tr>`;
              })
              .join('')}`;
          })
          .join(
            '',
          )}</tbody></table>${undone.length ? `<h3>Left undone</h3><ul>${undone.map((u) => `<li>☐ ${esc(u.item.text)} <span class="where">— ${esc(u.checklist)} › ${esc(u.group)}</span></li>`).join('')}</ul>` : '<p>Nothing was left undone.</p>'}`,
      ),
    );
  }

  s.push(
    section(
      'Narrative',
      NARRATIVE_SECTIONS.map((k) => {
        const n = pm.narrative[k];
        return `<h3>${NARRATIVE_TITLES[k]}</h3>${n.body.trim() ? markdownToHtml(n.body) : '<p class="empty">Not written yet.</p>'}${n.updatedBy ? `<p class="meta">Last edited by ${esc(n.updatedBy.name)} · ${esc(formatUtc(n.updatedAt))}</p>` : ''}`;
      }).join(''),
    ),
  );

  s.push(
    section(
      'Action items',
      pm.actionItems.length
        ? `<table><thead><tr><th></th><th>Action</th><th>Owner</th><th>Due</th><th>Link</th></tr></thead><tbody>${pm.actionItems
            .map(
              (a) =>
                `<tr><td>${a.done ? '☑' : '☐'}</td><td>${esc(a.text)}</td><td>${esc(a.owner ?? '—')}</td><td>${esc(a.due ?? '—')}</td><td class="link">${esc(a.link ?? '')}</td></tr>`,
            )
            .join('')}</tbody></table>`
        : '<p class="empty">None recorded.</p>',
    ),
  );

  const shown = pm.timeline.slice(0, HTML_TIMELINE_LIMIT);
  s.push(
    `<section class="appendix">${`<h2>Full timeline (${pm.timeline.length} events)</h2>`}${eventTable(shown)}${pm.timeline.length > shown.length ? `<p class="meta">${pm.timeline.length - shown.length} later events are in the Markdown and JSON exports.</p>` : ''}</section>`,
  );

  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="color-scheme" content="light"><title>${esc(`Post-mortem: ${inc.title}`)}</title><style>${PRINT_CSS}</style></head><body>${s.join('\n')}</body></html>`;
}

function section(title: string, body: string): string {
  return `<section><h2>${esc(title)}</h2>${body}</section>`;
}

function eventTable(events: Postmortem['timeline']): string {
  if (!events.length) return '<p class="empty">No events.</p>';
  return `<table class="events"><tbody>${events
    .map(
      (e) =>
        `<tr><td class="when">${esc(formatUtc(e.at))}</td><td class="kind">${esc(e.kind)}</td><td>${esc(e.summary)}${e.actor ? ` <span class="who">— ${esc(e.actor.name)}</span>` : ''}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

/** Print-first: A4 pages, breaks before the appendix, code that wraps instead of being cut off. */
export const PRINT_CSS = `
@page{size:A4;margin:16mm 14mm}
*{box-sizing:border-box}
body{font:10.5pt/1.45 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;margin:0 auto;max-width:960px;padding:16px}
h1{font-size:20pt;margin:0 0 4px}
h2{font-size:13pt;border-bottom:1px solid #cbd5e1;padding-bottom:2px;margin:18px 0 8px;break-after:avoid}
h3{font-size:11pt;margin:12px 0 4px;break-after:avoid}
h4,.md-h{font-size:10.5pt;margin:8px 0 2px}
.meta{color:#64748b;font-size:9pt;margin:2px 0}
.badge{display:inline-block;border:1px solid #94a3b8;border-radius:4px;padding:0 4px;font-size:8.5pt;font-weight:500;color:#334155}
pre{background:#f1f5f9;border:1px solid #e2e8f0;border-radius:4px;padding:6px 8px;white-space:pre-wrap;word-break:break-word;font-size:8.5pt;break-inside:avoid}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
table{border-collapse:collapse;width:100%;font-size:9.5pt}
th,td{text-align:left;vertical-align:top;border-bottom:1px solid #e2e8f0;padding:3px 6px}
tr{break-inside:avoid}
tr.total td{font-weight:600}
.kv th{width:10rem;color:#475569;font-weight:500}
.when{white-space:nowrap;color:#475569}
.kind{color:#64748b;white-space:nowrap}
.who,.where{color:#64748b}
.link{word-break:break-all}
blockquote{margin:4px 0 8px;padding-left:8px;border-left:3px solid #cbd5e1;white-space:pre-wrap}
ul.comms{list-style:none;padding:0}
article{break-inside:avoid-page;margin-bottom:8px}
figure.chart{margin:0}
figure.chart svg{width:100%;height:auto}
.empty{color:#94a3b8;font-style:italic}
.appendix{break-before:page}
a{color:#0369a1}
@media print{body{padding:0;max-width:none}a{color:inherit;text-decoration:none}}
`;

/** One run: the line the Markdown has, then who asked, the result, each host and its kills. */
function runItem(r: Postmortem['runs'][number]): string {
  const params = r.params.map((p) => `${esc(p.name)}=${p.secret ? '••••' : esc(p.value)}`).join(', ');
  const head = `${esc(formatUtc(r.requestedAt))} — ${esc(r.playbook)} on ${esc(r.hosts.join(', '))}: ${esc(r.status)}${r.approvedBy ? `, approved by ${esc(r.approvedBy.name)}` : ''}${params ? ` (${params})` : ''}`;
  const asked = [
    r.requestedBy ? `requested by ${esc(r.requestedBy.name)}` : null,
    r.result ? `result: ${esc(r.result)}` : null,
    r.link ? `in the console: ${esc(r.link)}` : null,
  ].filter((x) => x !== null);
  const hosts = r.hostResults.map((h) => {
    const kills = h.steps.filter((st) => st.kill).map((st) => `${esc(st.name)}: kill ${esc(st.kill ?? '')}`);
    return `<li>${esc(h.host)}: ${esc(h.status)}${kills.length ? ` — ${kills.join('; ')}` : ''}</li>`;
  });
  return `<li>${head}${asked.length ? `<br><small>${asked.join('; ')}</small>` : ''}${hosts.length ? `<ul>${hosts.join('')}</ul>` : ''}</li>`;
}

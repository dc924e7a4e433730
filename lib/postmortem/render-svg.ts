import { commsMarks, completionSeries, keyEvents, statusPhases } from './analyze';
import type { Postmortem } from './schema';

/**
 * The incident as a picture: status phases as coloured bands, key events and
 * runs as markers, published updates and missed cadences on their own lane,
 * checklist completion as a step line. Plain SVG text (no script, no external
 * reference), so it prints, goes into the PDF as it is, and sits beside the
 * Markdown export as a file.
 */

export const STATUS_COLORS: Record<string, string> = {
  investigating: '#f59e0b',
  identified: '#f97316',
  mitigating: '#3b82f6',
  monitoring: '#8b5cf6',
  resolved: '#22c55e',
};

const WIDTH = 960;
const LEFT = 120;
const RIGHT = 24;
const LANES = { status: 34, events: 92, comms: 132, completionTop: 168, completionBottom: 268, axis: 290 };
const HEIGHT = 330;
/** More markers than this would not be readable anyway; the rest are counted. */
const MAX_MARKERS = 1000;

export function renderTimelineSvg(pm: Postmortem): string {
  const phases = statusPhases(pm);
  const events = keyEvents(pm.timeline).filter((e) => e.kind !== 'comms.missed' && e.kind !== 'comms.update');
  const comms = commsMarks(pm);
  const completion = completionSeries(pm.checklists);

  const times = [
    ...phases.flatMap((p) => [p.from, p.to]),
    ...events.map((e) => e.at),
    ...comms.map((c) => c.at),
    ...completion.points.map((p) => p.at),
    ...pm.runs.map((r) => r.requestedAt),
  ].map((t) => Date.parse(t));
  let t0 = Math.min(...times);
  let t1 = Math.max(...times);
  if (!(t1 > t0)) t1 = t0 + 60_000;
  const pad = (t1 - t0) * 0.02;
  t0 -= pad;
  t1 += pad;
  const x = (iso: string) => LEFT + ((Date.parse(iso) - t0) / (t1 - t0)) * (WIDTH - LEFT - RIGHT);

  const parts: string[] = [];
  const label = (y: number, text: string) =>
    parts.push(`<text x="${LEFT - 8}" y="${y + 4}" text-anchor="end" class="lane">${esc(text)}</text>`);

  label(LANES.status + 12, 'Status');
  for (const p of phases) {
    const x0 = x(p.from);
    const w = Math.max(2, x(p.to) - x0);
    const color = STATUS_COLORS[p.status] ?? '#94a3b8';
    parts.push(
      `<rect x="${num(x0)}" y="${LANES.status}" width="${num(w)}" height="26" fill="${color}" data-status="${esc(p.status)}"><title>${esc(`${p.status}: ${p.from} → ${p.to}`)}</title></rect>`,
    );
    if (w > p.status.length * 7 + 8)
      parts.push(`<text x="${num(x0 + 4)}" y="${LANES.status + 17}" class="band">${esc(p.status)}</text>`);
  }

  label(LANES.events, 'Key events');
  parts.push(axisLine(LANES.events));
  for (const e of events.slice(0, MAX_MARKERS)) {
    const cx = num(x(e.at));
    const title = `<title>${esc(`${e.at.slice(0, 19)}Z ${e.summary}`)}</title>`;
    parts.push(
      e.kind === 'severity'
        ? `<path d="M${cx} ${LANES.events - 7}l7 7-7 7-7-7z" class="marker sev">${title}</path>`
        : `<circle cx="${cx}" cy="${LANES.events}" r="5" class="marker ${e.key ? 'note' : 'event'}">${title}</circle>`,
    );
  }
  for (const r of pm.runs.slice(0, MAX_MARKERS)) {
    parts.push(
      `<rect x="${num(x(r.requestedAt) - 5)}" y="${LANES.events - 5}" width="10" height="10" class="marker run"><title>${esc(`${r.playbook}: ${r.status}`)}</title></rect>`,
    );
  }
  const hidden = Math.max(0, events.length - MAX_MARKERS);
  if (hidden)
    parts.push(
      `<text x="${WIDTH - RIGHT}" y="${LANES.events - 10}" text-anchor="end" class="note">+${hidden} more</text>`,
    );

  label(LANES.comms, 'Updates');
  parts.push(axisLine(LANES.comms));
  for (const c of comms.slice(0, MAX_MARKERS)) {
    const cx = x(c.at);
    const title = `<title>${esc(`${c.at.slice(0, 19)}Z ${c.label}`)}</title>`;
    parts.push(
      c.kind === 'update'
        ? `<rect x="${num(cx - 1.5)}" y="${LANES.comms - 8}" width="3" height="16" class="update">${title}</rect>`
        : `<path d="M${num(cx - 5)} ${LANES.comms - 5}l10 10m0-10l-10 10" class="missed">${title}</path>`,
    );
  }

  const yTop = LANES.completionTop;
  const yBottom = LANES.completionBottom;
  label((yTop + yBottom) / 2, 'Checklists');
  parts.push(`<line x1="${LEFT}" y1="${yBottom}" x2="${WIDTH - RIGHT}" y2="${yBottom}" class="grid"/>`);
  parts.push(`<line x1="${LEFT}" y1="${yTop}" x2="${WIDTH - RIGHT}" y2="${yTop}" class="grid"/>`);
  if (completion.total > 0) {
    const y = (done: number) => yBottom - (done / completion.total) * (yBottom - yTop);
    let d = `M${LEFT} ${num(y(0))}`;
    for (const p of completion.points) d += `H${num(x(p.at))}V${num(y(p.done))}`;
    d += `H${WIDTH - RIGHT}`;
    parts.push(`<path d="${d}" class="completion"/>`);
    const done = completion.points.length;
    parts.push(
      `<text x="${WIDTH - RIGHT}" y="${num(y(done) - 6)}" text-anchor="end" class="note">${done}/${completion.total} items done</text>`,
    );
  } else parts.push(`<text x="${LEFT + 8}" y="${yBottom - 8}" class="note">no checklist items</text>`);

  parts.push(`<line x1="${LEFT}" y1="${LANES.axis}" x2="${WIDTH - RIGHT}" y2="${LANES.axis}" class="axis"/>`);
  for (let i = 0; i <= 5; i++) {
    const t = t0 + ((t1 - t0) * i) / 5;
    const tx = LEFT + ((WIDTH - LEFT - RIGHT) * i) / 5;
    const iso = new Date(t).toISOString();
    const span = t1 - t0;
    const tick =
      span < 20 * 60_000
        ? iso.slice(11, 19)
        : span < 86_400_000
          ? iso.slice(11, 16)
          : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
    parts.push(
      `<line x1="${num(tx)}" y1="${LANES.axis}" x2="${num(tx)}" y2="${LANES.axis + 5}" class="axis"/>`,
      `<text x="${num(tx)}" y="${LANES.axis + 18}" text-anchor="${i === 0 ? 'start' : i === 5 ? 'end' : 'middle'}" class="tick">${tick}</text>`,
    );
  }

  let lx = LEFT;
  for (const [status, color] of Object.entries(STATUS_COLORS)) {
    parts.push(
      `<rect x="${lx}" y="8" width="10" height="10" fill="${color}"/>`,
      `<text x="${lx + 14}" y="17" class="tick">${status}</text>`,
    );
    lx += status.length * 7 + 30;
  }
  parts.push(`<text x="${WIDTH - RIGHT}" y="17" text-anchor="end" class="tick">UTC</text>`);

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" class="pm-chart" role="img" aria-labelledby="pm-chart-title">`,
    `<title id="pm-chart-title">${esc(`Timeline of ${pm.incident.title}`)}</title>`,
    `<style>${CHART_CSS}</style>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    ...parts,
    '</svg>',
  ].join('\n');
}

const CHART_CSS = [
  '.pm-chart text{font-family:ui-sans-serif,system-ui,sans-serif;font-size:11px;fill:#334155}',
  '.pm-chart .lane{font-weight:600}',
  '.pm-chart .band{fill:#fff;font-weight:600}',
  '.pm-chart .note{fill:#64748b}',
  '.pm-chart .tick{fill:#475569;font-size:10px}',
  '.pm-chart .axis{stroke:#94a3b8}',
  '.pm-chart .grid{stroke:#e2e8f0}',
  '.pm-chart .track{stroke:#cbd5e1;stroke-dasharray:2 3}',
  '.pm-chart .marker{stroke:#fff;stroke-width:1}',
  '.pm-chart .event{fill:#0f172a}',
  '.pm-chart .note.marker,.pm-chart .marker.note{fill:#0ea5e9}',
  '.pm-chart .sev{fill:#dc2626}',
  '.pm-chart .run{fill:#7c3aed}',
  '.pm-chart .update{fill:#16a34a}',
  '.pm-chart .missed{stroke:#dc2626;stroke-width:2;fill:none}',
  '.pm-chart .completion{stroke:#0f766e;stroke-width:2;fill:none}',
].join('');

function axisLine(y: number): string {
  return `<line x1="${LEFT}" y1="${y}" x2="${WIDTH - RIGHT}" y2="${y}" class="track"/>`;
}

function num(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { verifyAuditChain } from '@/lib/audit/verify-audit';
import type { ChainRow } from '@/lib/audit/hash';
import { auditBundleEntries, type ChainHead } from './audit-bundle';
import { loadPostmortem } from './load-postmortem';
import { renderPostmortemHtml } from './render-html';
import { renderJson } from './render-json';
import { renderMarkdown } from './render-markdown';
import { renderPdf } from './render-pdf';
import { renderTimelineSvg } from './render-svg';
import { createTar } from './tar';

export const EXPORT_FORMATS = ['md', 'json', 'pdf', 'svg', 'html', 'bundle'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportFile = { filename: string; contentType: string; body: Buffer };

const CHART_FILE = 'timeline.svg';

/**
 * One export of one incident's post-mortem. The Markdown download stands
 * alone (no image line: one file, importable as it is); the bundle carries
 * the Markdown with the chart beside it.
 */
export async function exportPostmortem(
  slug: string,
  format: ExportFormat,
  options: { chartFile?: string } = {},
): Promise<ExportFile> {
  const pm = await loadPostmortem(slug, { timeline: 'all' });
  if (!pm) throw new AppError('not_found:incident', `No incident "${slug}".`);
  const base = `${pm.incident.slug}-postmortem`;
  switch (format) {
    case 'md':
      return {
        filename: `${base}.md`,
        contentType: 'text/markdown; charset=utf-8',
        body: utf8(renderMarkdown(pm, options)),
      };
    case 'json':
      return { filename: `${base}.json`, contentType: 'application/json; charset=utf-8', body: utf8(renderJson(pm)) };
    case 'svg':
      return { filename: `${base}-timeline.svg`, contentType: 'image/svg+xml', body: utf8(renderTimelineSvg(pm)) };
    case 'html':
      return {
        filename: `${base}.html`,
        contentType: 'text/html; charset=utf-8',
        body: utf8(renderPostmortemHtml(pm)),
      };
    case 'pdf':
      return {
        filename: `${base}.pdf`,
        contentType: 'application/pdf',
        body: await renderPdf(renderPostmortemHtml(pm)),
      };
    case 'bundle': {
      const incident = await db.incident.findUniqueOrThrow({ where: { slug }, select: { id: true } });
      const rows = await incidentAuditRows(incident.id);
      const head = await chainHead();
      const tar = createTar(
        auditBundleEntries({
          slug: pm.incident.slug,
          rows,
          head,
          markdown: renderMarkdown(pm, { chartFile: CHART_FILE }),
          svg: renderTimelineSvg(pm),
          json: renderJson(pm),
        }),
      );
      return {
        filename: `${pm.incident.slug.slice(0, 60)}-audit-bundle.tar`,
        contentType: 'application/x-tar',
        body: tar,
      };
    }
  }
}

/**
 * The incident's audit entries: every entry its timeline events point to
 * (each mutation writes both in one transaction) and every entry that targets
 * the incident itself.
 */
export async function incidentAuditRows(incidentId: string): Promise<ChainRow[]> {
  const seqs = await db.timelineEvent.findMany({
    where: { incidentId, auditSeq: { not: null } },
    select: { auditSeq: true },
  });
  const wanted = [...new Set(seqs.map((s) => s.auditSeq!))];
  const rows = [];
  // IN lists are chunked: SQLite caps bound parameters per statement.
  for (let i = 0; i < wanted.length; i += 500) {
    rows.push(...(await db.auditEntry.findMany({ where: { seq: { in: wanted.slice(i, i + 500) } } })));
  }
  rows.push(...(await db.auditEntry.findMany({ where: { targetId: incidentId } })));
  const bySeq = new Map(rows.map((r) => [r.seq, r]));
  return [...bySeq.values()]
    .sort((a, b) => a.seq - b.seq)
    .map((r) => ({
      seq: r.seq,
      at: r.at.toISOString(),
      actorId: r.actorId,
      actorEmail: r.actorEmail,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      payload: r.payload,
      prevHash: r.prevHash,
      hash: r.hash,
    }));
}

async function chainHead(): Promise<ChainHead> {
  const last = await db.auditEntry.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } });
  const check = await verifyAuditChain(db);
  return {
    seq: last?.seq ?? 0,
    hash: last?.hash ?? '',
    entries: check.count,
    verifiedAtExport: check.ok,
    at: new Date().toISOString(),
  };
}

function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

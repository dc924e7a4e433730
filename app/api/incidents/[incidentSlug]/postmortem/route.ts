import { can } from '@/lib/auth/permissions';
import { AppError, forbidden } from '@/lib/errors';
import { route } from '@/lib/http/route';
import { EXPORT_FORMATS, exportPostmortem, type ExportFormat } from '@/lib/postmortem/export-files';

export const dynamic = 'force-dynamic';

/** GET /api/incidents/<slug>/postmortem?format=md|json|pdf|svg|html|bundle — a download. */
export const GET = route<{ incidentSlug: string }>(
  'postmortem-export',
  { permission: 'incident:view' },
  async ({ request, params, user }) => {
    const format = new URL(request.url).searchParams.get('format') ?? 'md';
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
      throw new AppError(
        'bad_request:export-format',
        `Unknown export format "${format}"; use one of ${EXPORT_FORMATS.join(', ')}.`,
      );
    }
    // The bundle is the incident's audit log: only those who may read the audit log get it.
    if (format === 'bundle' && !can(user?.role, 'audit:view')) throw forbidden('audit:view');
    const file = await exportPostmortem(params.incidentSlug, format as ExportFormat);
    return new Response(new Uint8Array(file.body), {
      headers: {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  },
);

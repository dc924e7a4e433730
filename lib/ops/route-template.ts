import fs from 'node:fs';
import path from 'node:path';

/**
 * Maps a request path to the route it was served by (`/incidents/[incidentSlug]`),
 * from the build's routes-manifest.json. Metrics label by route template, never
 * by raw path: a label per incident slug or per static chunk would grow the
 * series without bound.
 */
type Manifest = {
  basePath?: string;
  staticRoutes?: { page: string }[];
  dynamicRoutes?: { page: string; regex: string }[];
};

export type RouteMatcher = (pathname: string) => string;

export function routeMatcher(manifest: Manifest): RouteMatcher {
  const base = manifest.basePath ?? '';
  const exact = new Set((manifest.staticRoutes ?? []).map((r) => r.page));
  const dynamic = (manifest.dynamicRoutes ?? []).map((r) => ({ page: r.page, re: new RegExp(r.regex) }));
  return (raw) => {
    let pathname = raw.split('?')[0] || '/';
    if (base && pathname.startsWith(base)) pathname = pathname.slice(base.length) || '/';
    if (pathname.startsWith('/_next/')) {
      const [, , area] = pathname.split('/');
      return `/_next/${area}`;
    }
    const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
    if (exact.has(trimmed)) return trimmed;
    for (const r of dynamic) if (r.re.test(pathname)) return r.page;
    if (/\.[a-z0-9]{1,8}$/i.test(pathname)) return 'static-file';
    return 'unmatched';
  };
}

export function routeMatcherFromBuild(dir: string): RouteMatcher {
  try {
    return routeMatcher(JSON.parse(fs.readFileSync(path.join(dir, '.next', 'routes-manifest.json'), 'utf8')));
  } catch {
    return () => 'unmatched';
  }
}

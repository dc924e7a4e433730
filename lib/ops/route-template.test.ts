import { describe, expect, it } from 'vitest';
import { routeMatcher } from './route-template';

const match = routeMatcher({
  staticRoutes: [{ page: '/' }, { page: '/incidents' }, { page: '/api/metrics' }],
  dynamicRoutes: [
    { page: '/api/incidents/[incidentSlug]/events', regex: '^/api/incidents/([^/]+?)/events(?:/)?$' },
    { page: '/incidents/[incidentSlug]', regex: '^/incidents/([^/]+?)(?:/)?$' },
    { page: '/api/auth/[...nextauth]', regex: '^/api/auth/(.+?)(?:/)?$' },
  ],
});

describe('routeMatcher', () => {
  it('names static and dynamic routes by their template, never the slug', () => {
    expect(match('/')).toBe('/');
    expect(match('/incidents/')).toBe('/incidents');
    expect(match('/incidents/tms-outage?x=1')).toBe('/incidents/[incidentSlug]');
    expect(match('/api/incidents/tms-outage/events')).toBe('/api/incidents/[incidentSlug]/events');
    expect(match('/api/auth/callback/credentials')).toBe('/api/auth/[...nextauth]');
  });
  it('folds build assets and unknown paths into a few labels', () => {
    expect(match('/_next/static/chunks/abc123.js')).toBe('/_next/static');
    expect(match('/_next/image')).toBe('/_next/image');
    expect(match('/favicon.ico')).toBe('static-file');
    expect(match('/wp-admin/setup')).toBe('unmatched');
  });
});

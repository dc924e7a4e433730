import { describe, expect, it } from 'vitest';
import { formatDuration, incidentDurations } from './durations';
import { slugify, uniqueSlug } from './slug';

describe('incidentDurations', () => {
  it('measures from the start of impact when it is known', () => {
    const d = incidentDurations({
      startedAt: new Date('2026-01-08T05:54:07Z'),
      detectedAt: new Date('2026-01-12T02:00:00Z'),
      mitigatedAt: new Date('2026-01-12T02:15:00Z'),
      resolvedAt: null,
    });
    expect(formatDuration(d.toDetectMs)).toBe('3d 20h 5m');
    expect(formatDuration(d.toMitigateMs)).toBe('3d 20h 20m');
    expect(d.toResolveMs).toBeNull();
  });
  it('falls back to detection when impact start is unknown', () => {
    const d = incidentDurations({
      startedAt: null,
      detectedAt: new Date(0),
      mitigatedAt: new Date(90 * 60_000),
      resolvedAt: new Date(2 * 3600_000),
    });
    expect(d).toEqual({ toDetectMs: null, toMitigateMs: 90 * 60_000, toResolveMs: 2 * 3600_000 });
    expect(formatDuration(d.toMitigateMs)).toBe('1h 30m');
  });
});

describe('slugs', () => {
  it('makes a readable, unique slug', () => {
    expect(slugify('TMS Critical Issues - Root Cause Analysis & Fix Plan')).toBe(
      'tms-critical-issues-root-cause-analysis-fix-plan',
    );
    expect(slugify('<script>alert(1)</script>')).toBe('script-alert-1-script');
    expect(slugify('!!!')).toBe('incident');
    expect(uniqueSlug('tms', new Set(['tms', 'tms-2']))).toBe('tms-3');
  });
});

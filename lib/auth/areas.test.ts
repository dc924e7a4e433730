import { describe, expect, it } from 'vitest';
import { areaOf } from './areas';

describe('areaOf', () => {
  it('names the area of a path, most specific first', () => {
    expect(areaOf('/hosts')?.name).toBe('Hosts');
    expect(areaOf('/admin/users')?.name).toBe('Admin');
    expect(areaOf('/incidents/import')?.name).toBe('Import');
    expect(areaOf('/incidents/tms')?.name).toBe('Incidents');
    expect(areaOf('/hostsX')).toBeNull();
  });
});

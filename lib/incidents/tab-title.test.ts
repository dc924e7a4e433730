import { describe, expect, it } from 'vitest';
import { incidentTabTitle } from './tab-title';

describe('incidentTabTitle', () => {
  it('reads severity, status, then the name', () => {
    expect(incidentTabTitle({ severity: 'SEV1', status: 'mitigating', title: 'Checkout is down' })).toBe(
      'SEV1 · mitigating · Checkout is down',
    );
  });

  it('puts an overdue update first', () => {
    expect(incidentTabTitle({ severity: 'SEV2', status: 'identified', title: 'TMS', overdue: true })).toBe(
      '⚠ overdue · SEV2 · identified · TMS',
    );
  });
});

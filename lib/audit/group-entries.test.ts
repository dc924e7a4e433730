import { describe, expect, it } from 'vitest';
import { groupNoisyEntries } from './group-entries';

const e = (seq: number, actorEmail: string, action: string) => ({ seq, at: new Date(seq * 1000), actorEmail, action });

describe('groupNoisyEntries', () => {
  it('folds a run of the same system event, keeps people one row each', () => {
    const groups = groupNoisyEntries([
      e(9, 'system:cadence-watch', 'comms.cadence-missed'),
      e(8, 'system:cadence-watch', 'comms.cadence-missed'),
      e(7, 'system:cadence-watch', 'comms.cadence-missed'),
      e(6, 'ann@x.test', 'checklist.tick'),
      e(5, 'ann@x.test', 'checklist.tick'),
      e(4, 'system:cadence-watch', 'comms.cadence-missed'),
    ]);
    expect(groups.map((g) => g.entries.map((x) => x.seq))).toEqual([[9, 8, 7], [6], [5], [4]]);
  });
});

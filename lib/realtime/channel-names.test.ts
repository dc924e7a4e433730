import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { channelNames, formatChannelQuery, MAX_CHANNELS_PER_STREAM, parseChannelQuery } from './channel-names';

const parse = (q: string) => parseChannelQuery(new URLSearchParams(q));

describe('channel query', () => {
  it('round-trips channels with and without cursors', () => {
    const cursors = [
      { name: channelNames.incident('tms-2026-01-12'), sinceId: 4001 },
      { name: channelNames.incidentList() },
    ];
    const q = formatChannelQuery(cursors);
    expect(q).toBe('c=incident%3Atms-2026-01-12%404001&c=incidents');
    expect(parse(q)).toEqual([
      { name: 'incident:tms-2026-01-12', sinceId: 4001 },
      { name: 'incidents', sinceId: undefined },
    ]);
  });

  it('keeps the last cursor when a channel is named twice', () => {
    expect(parse('c=run:r1@5&c=run:r1@9')).toEqual([{ name: 'run:r1', sinceId: 9 }]);
  });

  it.each([
    ['', 'Name at least one channel'],
    ['c=incident:../../etc', 'is not a channel name'],
    ['c=Incident:x', 'is not a channel name'],
    ['c=incident:x@-1', 'the cursor after @ must be an event id'],
    ['c=incident:x@1e3', 'the cursor after @ must be an event id'],
    ['c=incident:x@', 'the cursor after @ must be an event id'],
    [Array.from({ length: MAX_CHANNELS_PER_STREAM + 1 }, (_, i) => `c=run:r${i}`).join('&'), 'At most 16 channels'],
  ])('refuses %j with a message naming the problem', (q, message) => {
    let error: unknown;
    try {
      parse(q);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('bad_request:stream');
    expect((error as AppError).message).toContain(message);
  });
});

import type { List, ListItem, Paragraph, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { ownText, plainText, type Section } from './markdown-tree';
import {
  findZone,
  readLeadingTimestamp,
  toInstant,
  zoneOffsetMinutes,
  type WrittenClock,
  type WrittenDate,
  type WrittenTimestamp,
} from './read-timestamp';
import type { PlanEvent } from './types';

/**
 * A timeline section → events. Timelines come as bullets ("- 23:27 UTC: …"),
 * times nested under a day bullet or a day heading, tables with a time
 * column, headings with a time ("### 2021-06-29 06:17" over a paragraph),
 * or paragraphs whose lines start with a time. Code blocks and raw HTML are
 * never read: a log excerpt's timestamps are evidence, not events.
 */

export interface EventContext {
  /** The document's own date (front matter, "Date:"), for entries without a year or date. */
  documentDate: WrittenDate | null;
  /** A zone the document states ("All times UTC"), for entries that name none. */
  zone: string | null;
}

export interface ReadEvents {
  events: PlanEvent[];
  /** The blocks events came from; the others stay the section's note or table. */
  used: Set<RootContent>;
  /** Entries looked at (items, rows, lines, headings): with `events`, the section's shape. */
  considered: number;
}

interface DayContext {
  date: WrittenDate | null;
  zone: string | null;
}

const EVENT_COLUMN =
  /\b(events?|what|description|details|summary|action|ereignis|beschreibung|evenement)\b|événement|内容|事象|出来事|概要/i;

export function readEvents(section: Section, context: EventContext): ReadEvents {
  const reader = new EventReader(context);
  const zone = findZone(section.title) ?? introZone(section.blocks);
  reader.readSection(section, { date: null, zone }, true);
  return { events: reader.events, used: reader.used, considered: reader.considered };
}

/** Three or more entries, most of them timestamped: a timeline whatever its heading says. */
export function looksLikeTimeline(section: Section, context: EventContext): boolean {
  const { events, considered } = readEvents(section, context);
  const timed = events.filter((e) => e.atText !== '').length;
  return timed >= 3 && timed >= 0.6 * considered;
}

class EventReader {
  readonly events: PlanEvent[] = [];
  readonly used = new Set<RootContent>();
  considered = 0;
  /** The local date and minute of the last event placed, for entries that give only a time. */
  private last: { date: Required<{ [K in keyof WrittenDate]: number }>; minutes: number } | null = null;

  constructor(private readonly context: EventContext) {}

  readSection(section: Section, day: DayContext, isRoot: boolean): void {
    if (!isRoot) {
      this.considered++;
      const stamp = readLeadingTimestamp(section.title) ?? findDate(section.title);
      if (stamp?.clock || stamp?.unknown) {
        const body = section.blocks.filter((b) => b.type === 'paragraph');
        for (const block of body) this.used.add(block);
        const text = stamp.rest || body.map((b) => oneLine(plainText(b))).join(' ');
        this.add(stamp, text, day);
        this.readBlocks(
          section.blocks.filter((b) => b.type !== 'paragraph'),
          day,
        );
        for (const child of section.children) this.readSection(child, day, false);
        return;
      }
      if (stamp?.date) day = { ...day, date: stamp.date };
    }
    this.readBlocks(section.blocks, day);
    for (const child of section.children) this.readSection(child, day, false);
  }

  private readBlocks(blocks: readonly RootContent[], day: DayContext): void {
    for (const block of blocks) {
      const before = this.events.length;
      if (block.type === 'list') this.readList(block, day);
      else if (block.type === 'table') this.readTable(block, day);
      else if (block.type === 'paragraph') this.readParagraph(block, day);
      if (this.events.length > before) this.used.add(block);
    }
  }

  private readList(list: List, day: DayContext): void {
    for (const item of list.children) this.readItem(item, day);
  }

  private readItem(item: ListItem, day: DayContext): void {
    this.considered++;
    const [firstLine = '', ...moreLines] = ownText(item).split('\n');
    const stamp = readLeadingTimestamp(firstLine);
    const nested = item.children.filter((c): c is List => c.type === 'list');
    if (stamp && (stamp.clock || stamp.unknown)) {
      this.add(stamp, [stamp.rest, ...moreLines].join(' '), day);
      for (const list of nested) this.readList(list, day);
      return;
    }
    if (stamp?.date) {
      const before = this.events.length;
      for (const list of nested) this.readList(list, { ...day, date: stamp.date });
      // A dated entry with nothing timed under it is an event of that day, time unknown.
      if (this.events.length === before && stamp.rest) this.add(stamp, [stamp.rest, ...moreLines].join(' '), day);
      return;
    }
    for (const list of nested) this.readList(list, day);
  }

  private readParagraph(paragraph: Paragraph, day: DayContext): void {
    let current: PlanEvent | null = null;
    for (const line of plainText(paragraph).split('\n')) {
      const stamp = readLeadingTimestamp(line);
      if (stamp && (stamp.clock || stamp.unknown)) {
        this.considered++;
        current = this.add(stamp, stamp.rest, day);
      } else if (current && line.trim()) {
        current.text = `${current.text} ${line.trim()}`.trim();
      }
    }
  }

  private readTable(table: Table, day: DayContext): void {
    const [header, ...rows] = table.children;
    if (!header) return;
    const cells = rows.map((row) => header.children.map((_, i) => (row.children[i] ? cellText(row.children[i]) : '')));
    const headings = header.children.map((cell) => cellText(cell));
    const timeColumn = headings.findIndex((_, i) => isColumnOf(cells, i, (s) => Boolean(s.clock || s.unknown)));
    if (timeColumn === -1) return;
    const dateColumn = headings.findIndex(
      (_, i) => i !== timeColumn && isColumnOf(cells, i, (s) => Boolean(s.date && !s.clock)),
    );
    const others = headings.map((_, i) => i).filter((i) => i !== timeColumn && i !== dateColumn);
    const named = others.filter((i) => EVENT_COLUMN.test(headings[i] ?? ''));
    const textColumns = named.length > 0 ? named : others;
    const tableDay = { ...day, zone: findZone(headings[timeColumn] ?? '') ?? day.zone };

    for (const row of cells) {
      if (row.every((cell) => cell === '')) continue;
      this.considered++;
      const written = row[timeColumn] ?? '';
      const text = textColumns
        .map((i) => row[i] ?? '')
        .filter(Boolean)
        .join(' — ');
      if (!written && !text) continue;
      const stamp = readLeadingTimestamp(written);
      const date = dateColumn === -1 ? null : readLeadingTimestamp(row[dateColumn] ?? '')?.date;
      const rowDay = date ? { ...tableDay, date } : tableDay;
      if (stamp) this.add(stamp, text, rowDay);
      else this.events.push({ at: null, atText: written, text });
    }
  }

  private add(stamp: WrittenTimestamp, text: string, day: DayContext): PlanEvent {
    const event: PlanEvent = { at: this.instantOf(stamp, day), atText: stamp.text, text: oneLine(text) };
    this.events.push(event);
    return event;
  }

  private instantOf(stamp: WrittenTimestamp, day: DayContext): string | null {
    if (stamp.unknown || !stamp.clock) return null;
    const date = this.dateOf(stamp, day, stamp.clock);
    if (!date) return null;
    const minutes = stamp.clock.hour * 60 + stamp.clock.minute;
    this.last = { date, minutes };
    const zone = stamp.zone ?? day.zone ?? this.context.zone;
    const offset = zone === null ? undefined : zoneOffsetMinutes(zone);
    return offset === undefined ? null : toInstant(date, stamp.clock, offset);
  }

  /**
   * The local date of an entry: as written, else the day it sits under, else
   * the day of the entry before (the next day when the clock went backwards:
   * 23:30 then 00:36), else the document's date. A missing year comes the same way.
   */
  private dateOf(
    stamp: WrittenTimestamp,
    day: DayContext,
    clock: WrittenClock,
  ): Required<{ [K in keyof WrittenDate]: number }> | null {
    const yearFrom = day.date?.year ?? this.last?.date.year ?? this.context.documentDate?.year ?? null;
    const withYear = (d: WrittenDate) => {
      const year = d.year ?? yearFrom;
      return year === null ? null : { year, month: d.month, day: d.day };
    };
    if (stamp.date) return withYear(stamp.date);
    if (day.date) return withYear(day.date);
    if (this.last) {
      const minutes = clock.hour * 60 + clock.minute;
      return minutes < this.last.minutes ? nextDay(this.last.date) : this.last.date;
    }
    return this.context.documentDate ? withYear(this.context.documentDate) : null;
  }
}

function nextDay(date: { year: number; month: number; day: number }): { year: number; month: number; day: number } {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

/** A date anywhere in a heading ("Day 2 — Thursday 2020-11-26"), read from a word start. */
function findDate(title: string): WrittenTimestamp | null {
  for (const match of title.matchAll(/(?:^|\s)(?=\S)/g)) {
    const stamp = readLeadingTimestamp(title.slice(match.index + match[0].length));
    if (stamp?.date) return stamp;
  }
  return null;
}

/** A zone named in the section's own paragraphs ("All times UTC."), not in its entries. */
function introZone(blocks: readonly RootContent[]): string | null {
  for (const block of blocks) {
    if (block.type !== 'paragraph') continue;
    const text = plainText(block);
    if (readLeadingTimestamp(text)) continue;
    const zone = findZone(text);
    if (zone) return zone;
  }
  return null;
}

function isColumnOf(rows: string[][], column: number, test: (stamp: WrittenTimestamp) => boolean): boolean {
  const filled = rows.map((row) => row[column] ?? '').filter(Boolean);
  if (filled.length === 0) return false;
  const matching = filled.filter((cell) => {
    const stamp = readLeadingTimestamp(cell);
    return stamp !== null && stamp.rest === '' && test(stamp);
  });
  return matching.length >= filled.length / 2;
}

/** A table cell's text, `<br>` read as a space. */
function cellText(cell: Table['children'][number]['children'][number]): string {
  return oneLine(
    cell.children
      .map((node) =>
        node.type === 'html' && /^<br\s*\/?>$/i.test(node.value) ? ' ' : toString(node, { includeHtml: true }),
      )
      .join(''),
  );
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

import type { ListItem, Nodes, Paragraph, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { ownText, plainText, visitNodes } from './markdown-tree';
import { isPlaceholder } from './placeholder';
import type { ActionItem } from './types';

/**
 * Follow-ups, wherever a post-mortem keeps them: list items (task lists keep
 * their `[x]`), tracking tables with owner / status / ticket columns, and
 * "Action point: …" lines in running prose. Owners, due dates and links are
 * read from the item's own text: "(owner: ana; due: 2026-01-20; link: …)",
 * "— responsable : Marie", a trailing "@handle", or the table's columns.
 */

const ACTION_COLUMN =
  /\b(actions?|items?|tasks?|what|description|follow-?ups?|to-?dos?|maßnahmen?|massnahmen?|aufgaben?|tâches?|taches?|mesures?)\b|対策|対応|内容|項目|タスク/i;
const OWNER_COLUMN =
  /\b(owners?|assignees?|assigned( to)?|who|responsible|dri|responsables?|porteur|verantwortlich|zuständig|wer)\b|担当/i;
const STATUS_COLUMN = /\b(status|state|done|statut|etat|erledigt|stand)\b|état|状態|状況|ステータス|進捗/i;
const LINK_COLUMN =
  /\b(links?|tickets?|issues?|tracking|jira|bugs?|prs?|lien|liens|référence|reference|ref)\b|チケット|参照|リンク/i;
const DUE_COLUMN = /\b(due|deadline|by when|echeance|fällig|frist|bis)\b|échéance|期限/i;

const DONE_WORDS =
  /^(done|closed|complete|completed|fixed|resolved|merged|shipped|finished|terminé|termine|fait|fini|clos|erledigt|abgeschlossen|fertig|完了|対応済み?|済み?|✅|✔️?|☑️?|\[x\])\.?$/i;

// "(done)", "(fait)", "(erledigt)", "(完了)" anywhere in the item.
const DONE_MARKER = /\s*[(（](done|fait|terminé|erledigt|完了|済)[)）]/iu;
// "(owner: ana; due: 2026-01-20; link: https://…)" at the end.
const TAIL =
  /\s*[(（]([^()（）]*?(?:owner|assignee|due|link|responsable|verantwortlich|担当|期限)\s*[:：][^()（）]*)[)）]\s*$/iu;
// "— responsable : Marie", "- owner: Bob", "— 担当：開発チーム" at the end.
const DASH_OWNER = /\s+[-–—]\s*(?:owner|assignee|responsable|verantwortlich|zuständig|担当)\s*[:：]\s*([^—–]+?)\s*$/iu;
const HANDLE = /\s+(@[\w.-]+)\s*$/u;
const ACTION_POINT =
  /(?:^|(?<=[\s.;!?]))(?:action points?|action items?|aktionspunkt|point d['’]action|アクション(?:アイテム)?)\s*[:：]\s*/giu;

const TAIL_KEYS: ReadonlyArray<[RegExp, 'owner' | 'due' | 'link']> = [
  [/^(owner|assignee|responsable|verantwortlich|担当)$/i, 'owner'],
  [/^(due|期限|échéance|fällig)$/i, 'due'],
  [/^(link|ticket|issue|lien)$/i, 'link'],
];

/** Every top-level item of the lists and every row of the tables among `blocks`, plus "Action point:" lines. */
export function readActionBlocks(blocks: readonly RootContent[]): ActionItem[] {
  const items: ActionItem[] = [];
  for (const block of blocks) {
    if (block.type === 'list') {
      for (const item of block.children) {
        const action = fromListItem(item);
        if (action) items.push(action);
      }
    } else if (block.type === 'table') {
      items.push(...readActionTable(block, false));
    } else if (block.type === 'paragraph') {
      items.push(...actionPointsIn(block));
    }
  }
  return items;
}

/** A table that tracks actions: an action column beside an owner or status column. */
export function isActionTable(table: Table): boolean {
  const header = table.children[0];
  if (!header) return false;
  const names = header.children.map((cell) => plainText(cell));
  const roles = names.map(columnRole);
  return roles.includes('action') && (roles.includes('owner') || roles.includes('status'));
}

/**
 * Rows of an action table. In an action section any table counts (its first
 * column that is not owner/status/link/due is the action); elsewhere only
 * one shaped like an action table (`requireShape`).
 */
export function readActionTable(table: Table, requireShape: boolean): ActionItem[] {
  if (requireShape && !isActionTable(table)) return [];
  const [header, ...rows] = table.children;
  if (!header) return [];
  const roles = header.children.map((cell) => columnRole(plainText(cell)));
  const first = (role: ColumnRole) => roles.indexOf(role);
  const actionColumn = first('action') !== -1 ? first('action') : roles.findIndex((r) => r === 'other');
  if (actionColumn === -1) return [];

  const items: ActionItem[] = [];
  for (const row of rows) {
    const cell = (index: number) => (index === -1 || !row.children[index] ? null : row.children[index]);
    const text = cellText(cell(actionColumn));
    if (isPlaceholder(text)) continue;
    const status = cellText(cell(first('status')));
    const linkCell = cell(first('link'));
    const item: ActionItem = {
      text,
      done: DONE_WORDS.test(status.trim()),
      owner: nullIfEmpty(cellText(cell(first('owner')))),
      link: linkCell ? (firstLinkIn(linkCell) ?? nullIfEmpty(cellText(linkCell))) : null,
    };
    const due = nullIfEmpty(cellText(cell(first('due'))));
    if (due) item.due = due;
    items.push(item);
  }
  return items;
}

/** "Action point: add the test vectors (owner: protocol team)" inside a paragraph, one item per label. */
export function actionPointsIn(paragraph: Paragraph): ActionItem[] {
  const text = plainText(paragraph).replace(/\s+/g, ' ');
  const starts = [...text.matchAll(ACTION_POINT)];
  return starts.flatMap((match, i) => {
    const from = match.index + match[0].length;
    const to = starts[i + 1]?.index ?? text.length;
    const action = parseActionText(text.slice(from, to), false, null);
    return action ? [action] : [];
  });
}

// Cheap test on a paragraph's source before its text is built: most paragraphs name no action point.
const MAY_NAME_ACTION_POINT = /action|aktionspunkt|point d|アクション/i;

/** Every "Action point:" paragraph under `roots` (list items included), outside code and HTML. */
export function actionPointsUnder(roots: readonly Nodes[], source: string): ActionItem[] {
  const items: ActionItem[] = [];
  visitNodes(roots, (node) => {
    if (node.type !== 'paragraph') return;
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start !== undefined && end !== undefined && !MAY_NAME_ACTION_POINT.test(source.slice(start, end))) return;
    items.push(...actionPointsIn(node));
  });
  return items;
}

function fromListItem(item: ListItem): ActionItem | null {
  const text = ownText(item).replace(/\s+/g, ' ');
  return parseActionText(text.replace(ACTION_POINT, ''), item.checked === true, firstLinkIn(item));
}

function parseActionText(raw: string, checked: boolean, nodeLink: string | null): ActionItem | null {
  let text = raw.trim();
  let done = checked;
  if (DONE_MARKER.test(text)) {
    done = true;
    text = text.replace(new RegExp(DONE_MARKER.source, 'giu'), '').trim();
  }
  const fields: { owner?: string; due?: string; link?: string } = {};
  const tail = TAIL.exec(text);
  if (tail) {
    text = text.slice(0, tail.index).trim();
    for (const part of (tail[1] ?? '').split(/[;,]\s*(?=[\p{L}]+\s*[:：])/u)) {
      const [key = '', ...value] = part.split(/\s*[:：]\s*/);
      const name = TAIL_KEYS.find(([pattern]) => pattern.test(key.trim()))?.[1];
      if (name && value.join(':').trim()) fields[name] = value.join(':').trim();
    }
  }
  const dashOwner = fields.owner ? null : DASH_OWNER.exec(text);
  if (dashOwner?.[1]) {
    fields.owner = dashOwner[1].trim();
    text = text.slice(0, dashOwner.index).trim();
  }
  const handle = fields.owner ? null : HANDLE.exec(text);
  if (handle?.[1]) {
    fields.owner = handle[1];
    text = text.slice(0, handle.index).trim();
  }
  text = text.replace(/[\s—–-]+$/, '').trim();
  if (isPlaceholder(text)) return null;
  const item: ActionItem = { text, done, owner: fields.owner ?? null, link: fields.link ?? nodeLink ?? null };
  if (fields.due) item.due = fields.due;
  return item;
}

type ColumnRole = 'action' | 'owner' | 'status' | 'link' | 'due' | 'other';

function columnRole(name: string): ColumnRole {
  if (OWNER_COLUMN.test(name)) return 'owner';
  if (STATUS_COLUMN.test(name)) return 'status';
  if (DUE_COLUMN.test(name)) return 'due';
  if (LINK_COLUMN.test(name)) return 'link';
  if (ACTION_COLUMN.test(name)) return 'action';
  return 'other';
}

function firstLinkIn(node: Nodes): string | null {
  let url: string | null = null;
  visitNodes([node], (child) => {
    // An autolinked e-mail address is an owner, not a link.
    if (url === null && child.type === 'link' && !child.url.startsWith('mailto:')) url = child.url;
  });
  return url;
}

function cellText(cell: Nodes | null): string {
  return cell ? toString(cell).replace(/\s+/g, ' ').trim() : '';
}

function nullIfEmpty(text: string): string | null {
  return isPlaceholder(text) ? null : text;
}

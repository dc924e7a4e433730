'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { PaletteTarget } from '@/lib/palette/types';
import { useCommandRegistry } from './commands';

type Entry = { id: string; group: string; label: string; detail?: string; run: () => void };
export type NavEntry = { href: string; label: string };

const GROUP_OF: Record<PaletteTarget['kind'], string> = {
  incident: 'Incidents',
  run: 'Runs',
  host: 'Hosts',
  playbook: 'Playbooks',
};
const SHOWN = 40;

/**
 * Ctrl/⌘-K: one box to jump to an incident, run, host or playbook, or to do
 * what this page offers ("Publish update", "Tick next item"). A plain
 * accessible combobox in a native <dialog> (focus is trapped and Esc closes
 * it for free): the input owns focus, arrows move the active option
 * (aria-activedescendant), Enter runs it. The jump targets are fetched when
 * it opens, filtered to what the role may see (lib/palette/palette-targets.ts).
 */
export function CommandPalette({
  open,
  onClose,
  nav,
  canRunPlaybooks,
}: {
  open: boolean;
  onClose: () => void;
  nav: NavEntry[];
  canRunPlaybooks: boolean;
}) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const { commands } = useCommandRegistry();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [targets, setTargets] = useState<PaletteTarget[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      setQuery('');
      setActive(0);
      input.current?.focus();
      setFailed(false);
      fetch('/api/palette', { cache: 'no-store' })
        .then(async (r) => (r.ok ? ((await r.json()) as { targets: PaletteTarget[] }).targets : Promise.reject()))
        .then(setTargets, () => setFailed(true));
    } else if (!open && d.open) d.close();
  }, [open]);

  const entries = useMemo<Entry[]>(() => {
    const go = (href: string) => () => router.push(href);
    const all: Entry[] = [
      ...commands.map((c) => ({ id: `cmd:${c.id}`, group: 'Actions', label: c.label, detail: c.hint, run: c.run })),
      ...(canRunPlaybooks
        ? [
            {
              id: 'cmd:run-playbook',
              group: 'Actions',
              label: 'Run playbook…',
              detail: 'choose one',
              run: go('/playbooks'),
            },
          ]
        : []),
      ...nav.map((n) => ({ id: `nav:${n.href}`, group: 'Go to', label: n.label, run: go(n.href) })),
      ...(targets ?? []).map((t) => ({
        id: `${t.kind}:${t.href}`,
        group: GROUP_OF[t.kind],
        label: canRunPlaybooks && t.kind === 'playbook' ? `Run playbook ${t.label}` : t.label,
        detail: t.detail,
        run: go(t.href),
      })),
    ];
    const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return all
      .filter((e) => words.every((w) => `${e.group} ${e.label} ${e.detail ?? ''}`.toLowerCase().includes(w)))
      .slice(0, SHOWN);
  }, [commands, canRunPlaybooks, nav, targets, query, router]);

  const current = Math.min(active, Math.max(0, entries.length - 1));
  function choose(e: Entry | undefined) {
    if (!e) return;
    // Closed before it runs: closing a dialog puts focus back where it was, which would undo "focus the composer".
    dialog.current?.close();
    onClose();
    e.run();
  }

  function onKeyDown(e: React.KeyboardEvent) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((current + 1) % Math.max(1, entries.length));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((current - 1 + entries.length) % Math.max(1, entries.length));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(entries[current]);
    }
  }

  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-label="Command palette"
      data-testid="command-palette"
      className="mx-auto mt-[12vh] w-[min(36rem,calc(100vw-2rem))] rounded-lg border border-slate-300 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-950/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <input
        ref={input}
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={entries[current] ? `${listId}-${current}` : undefined}
        aria-autocomplete="list"
        aria-label="Jump to or do"
        placeholder="Jump to an incident, run, host, playbook… or type an action"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        className="w-full border-b border-slate-200 bg-transparent px-4 py-3 text-base outline-none dark:border-slate-700"
      />
      <ul id={listId} role="listbox" aria-label="Results" className="max-h-[50vh] overflow-y-auto py-1">
        {entries.map((e, i) => (
          <li
            key={e.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === current}
            onMouseEnter={() => setActive(i)}
            onClick={() => choose(e)}
            className={`flex cursor-pointer items-baseline gap-3 px-4 py-2 ${i === current ? 'bg-sky-100 dark:bg-sky-900' : ''}`}
          >
            <span className="w-20 shrink-0 text-xs text-slate-600 dark:text-slate-300">{e.group}</span>
            <span className="min-w-0 flex-1 truncate">{e.label}</span>
            {e.detail && <span className="shrink-0 text-xs text-slate-600 dark:text-slate-300">{e.detail}</span>}
          </li>
        ))}
        {entries.length === 0 && <li className="px-4 py-3 text-slate-600 dark:text-slate-300">Nothing matches.</li>}
      </ul>
      <p className="border-t border-slate-200 px-4 py-1.5 text-xs text-slate-600 dark:border-slate-700 dark:text-slate-300">
        ↑↓ choose · Enter go · Esc close
        {targets === null && !failed && ' · loading…'}
        {failed && ' · could not load incidents, runs and hosts'}
      </p>
    </dialog>
  );
}

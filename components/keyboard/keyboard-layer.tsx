'use client';

import { useEffect, useRef, useState } from 'react';
import { CommandPalette, type NavEntry } from './command-palette';
import { isPlainShortcut, useCommandRegistry, type Shortcut } from './commands';

const GLOBAL: Shortcut[] = [
  { keys: 'Ctrl K / ⌘ K', does: 'open the command palette' },
  { keys: '?', does: 'show these shortcuts' },
  { keys: 'Esc', does: 'close a dialog or panel' },
];

/**
 * The console's keyboard: Ctrl/⌘-K anywhere (even in a field: it is not
 * text) opens the palette, `?` outside a field lists the shortcuts of this
 * page. Mounted once in app/(console)/layout.tsx.
 */
export function KeyboardLayer({ nav, canRunPlaybooks }: { nav: NavEntry[]; canRunPlaybooks: boolean }) {
  const [palette, setPalette] = useState(false);
  const [help, setHelp] = useState(false);
  const { shortcuts } = useCommandRegistry();
  const helpDialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setHelp(false);
        setPalette((open) => !open);
      } else if (e.key === '?' && isPlainShortcut(e)) {
        e.preventDefault();
        setHelp(true);
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  useEffect(() => {
    const d = helpDialog.current;
    if (help && d && !d.open) d.showModal();
    else if (!help && d?.open) d.close();
  }, [help]);

  return (
    <>
      <CommandPalette open={palette} onClose={() => setPalette(false)} nav={nav} canRunPlaybooks={canRunPlaybooks} />
      <dialog
        ref={helpDialog}
        onClose={() => setHelp(false)}
        aria-labelledby="shortcut-help-title"
        data-testid="shortcut-help"
        className="mx-auto mt-[12vh] w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-300 bg-white p-4 text-slate-900 shadow-xl backdrop:bg-slate-950/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        <h2 id="shortcut-help-title" className="mb-2 font-semibold">
          Keyboard shortcuts
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          {[...GLOBAL, ...shortcuts].map((s) => (
            <div key={s.keys} className="contents">
              <dt>
                <kbd className="rounded border border-slate-300 px-1.5 font-mono text-xs dark:border-slate-600">
                  {s.keys}
                </kbd>
              </dt>
              <dd>{s.does}</dd>
            </div>
          ))}
        </dl>
        <form method="dialog" className="mt-3 text-right">
          <button className="rounded-md border border-slate-300 px-3 py-1.5 dark:border-slate-600">Close</button>
        </form>
      </dialog>
    </>
  );
}

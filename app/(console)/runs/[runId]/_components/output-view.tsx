'use client';

import Anser from 'anser';
import { useEffect, useMemo, useRef, useState } from 'react';
import { CopyButton } from '@/components/ui/copy-button';
import { terminalLines } from '@/lib/playbooks/terminal-lines';

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
/** Lines rendered at once; beyond it the oldest are summarised (the full text is still copyable). */
const MAX_LINES = 4000;

/**
 * Terminal-like, read-only output: ANSI colours (anser), carriage-return
 * progress lines as their final state, auto-scroll that stops while the
 * reader has scrolled up, copy, and a search that shows matching lines.
 */
export function OutputView({ text, label }: { text: string; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);
  const [query, setQuery] = useState('');
  const lines = useMemo(() => terminalLines(text), [text]);
  const shown = useMemo(() => {
    const matching = query
      ? lines.filter((l) => l.replace(ANSI, '').toLowerCase().includes(query.toLowerCase()))
      : lines;
    return matching.length > MAX_LINES ? matching.slice(-MAX_LINES) : matching;
  }, [lines, query]);
  const hidden =
    (query ? lines.filter((l) => l.toLowerCase().includes(query.toLowerCase())).length : lines.length) - shown.length;

  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [shown, follow]);

  return (
    <div className="rounded-md border border-slate-800 bg-slate-950 text-slate-100">
      <div className="flex items-center gap-2 border-b border-slate-800 px-2 py-1 text-xs">
        <span className="text-slate-300">{label}</span>
        <input
          type="search"
          aria-label="Search the output"
          placeholder="Search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          className="ml-auto w-40 rounded bg-slate-900 px-1.5 py-0.5 text-slate-100 placeholder:text-slate-500"
        />
        {!follow && (
          <button
            type="button"
            className="rounded px-1.5 py-0.5 text-sky-300 hover:bg-slate-800"
            onClick={() => setFollow(true)}
          >
            Follow
          </button>
        )}
        <CopyButton text={text.replace(ANSI, '')} />
      </div>
      <div
        ref={box}
        data-testid="run-output"
        role="log"
        aria-label={`Output: ${label}`}
        onScroll={(e) => {
          const el = e.currentTarget;
          setFollow(el.scrollHeight - el.scrollTop - el.clientHeight < 24);
        }}
        className="max-h-[28rem] overflow-auto p-2 font-mono text-xs leading-5"
      >
        {hidden > 0 && <div className="text-slate-500">… {hidden} earlier lines (use Copy for all of it)</div>}
        {shown.map((line, i) => (
          <div key={i} className="whitespace-pre-wrap break-all">
            {Anser.ansiToJson(line, { remove_empty: true }).map((part, j) => (
              <span
                key={j}
                style={{
                  color: part.fg ? `rgb(${part.fg})` : undefined,
                  backgroundColor: part.bg ? `rgb(${part.bg})` : undefined,
                  fontWeight: part.decorations.includes('bold') ? 600 : undefined,
                }}
              >
                {part.content}
              </span>
            ))}
            {line === '' ? '\u00a0' : null}
          </div>
        ))}
      </div>
    </div>
  );
}

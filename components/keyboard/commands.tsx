'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';

/**
 * What the current page offers the command palette and the `?` list:
 * "tick next item", "publish update". A component registers a command only
 * when its user may do it (the permission came from the session with the
 * page); the action it runs is a guarded server action that checks again.
 */
export type PaletteCommand = { id: string; label: string; hint?: string; run: () => void };
export type Shortcut = { keys: string; does: string };

type Registry = {
  commands: PaletteCommand[];
  shortcuts: Shortcut[];
  register: (owner: string, commands: PaletteCommand[], shortcuts: Shortcut[]) => () => void;
};

const RegistryContext = createContext<Registry | null>(null);

export function CommandRegistryProvider({ children }: { children: React.ReactNode }) {
  const [owners, setOwners] = useState<Map<string, { commands: PaletteCommand[]; shortcuts: Shortcut[] }>>(
    () => new Map(),
  );
  const register = useCallback((owner: string, commands: PaletteCommand[], shortcuts: Shortcut[]) => {
    setOwners((cur) => new Map(cur).set(owner, { commands, shortcuts }));
    return () =>
      setOwners((cur) => {
        const next = new Map(cur);
        next.delete(owner);
        return next;
      });
  }, []);
  const value = useMemo(
    () => ({
      commands: [...owners.values()].flatMap((o) => o.commands),
      shortcuts: [...owners.values()].flatMap((o) => o.shortcuts),
      register,
    }),
    [owners, register],
  );
  return <RegistryContext.Provider value={value}>{children}</RegistryContext.Provider>;
}

export function useCommandRegistry(): Registry {
  const r = useContext(RegistryContext);
  if (!r) throw new Error('Needs a <CommandRegistryProvider> above it (app/(console)/layout.tsx has one).');
  return r;
}

/** Registers this component's commands and shortcuts while it is mounted. Pass stable (memoised) arrays. */
export function useRegisterCommands(owner: string, commands: PaletteCommand[], shortcuts: Shortcut[] = []) {
  const { register } = useCommandRegistry();
  useEffect(() => register(owner, commands, shortcuts), [register, owner, commands, shortcuts]);
}

/** A key pressed while typing is text, not a shortcut. */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.closest) return false;
  const field = el.closest<HTMLElement>('input, textarea, select, [contenteditable=""], [contenteditable="true"]');
  // A checkbox or a button that happens to have focus takes no text.
  return Boolean(field) && !(field instanceof HTMLInputElement && /^(checkbox|radio|button|submit)$/.test(field.type));
}

/** A plain key (no Ctrl/⌘/Alt) that is not typed into a field and not inside an open dialog. */
export function isPlainShortcut(e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return false;
  if (isTypingTarget(e.target)) return false;
  return !document.querySelector('dialog[open]');
}

'use client';

import { useMemo } from 'react';
import { useRegisterCommands, type PaletteCommand } from '@/components/keyboard/commands';

/** The incident page's own palette commands, offered only to a role that may use them. */
export function IncidentCommands({ canPublish }: { canPublish: boolean }) {
  const commands = useMemo<PaletteCommand[]>(
    () =>
      canPublish
        ? [
            {
              id: 'publish-update',
              label: 'Publish update',
              hint: 'write a status update',
              run: () => {
                const body = document.getElementById('status-update-body');
                body?.scrollIntoView({ block: 'center' });
                body?.focus();
              },
            },
          ]
        : [],
    [canPublish],
  );
  useRegisterCommands('incident', commands);
  return null;
}

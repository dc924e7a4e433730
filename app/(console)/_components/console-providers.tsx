'use client';

import { StreamProvider } from '@/components/realtime/stream-provider';
import { ViewerZoneProvider } from '@/components/ui/viewer-zone';
import { CommandRegistryProvider } from '@/components/keyboard/commands';

/** What every console page shares: the tab's one stream, the viewer's time zone, the palette's commands. */
export function ConsoleProviders({ zone, children }: { zone: string; children: React.ReactNode }) {
  return (
    <ViewerZoneProvider zone={zone}>
      <StreamProvider>
        <CommandRegistryProvider>{children}</CommandRegistryProvider>
      </StreamProvider>
    </ViewerZoneProvider>
  );
}

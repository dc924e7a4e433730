'use client';

import { createContext, useContext, useEffect, useState } from 'react';
import { StreamClient } from '@/lib/realtime/stream-client';

const StreamContext = createContext<StreamClient | null>(null);

/**
 * The tab's one realtime stream (app/(console)/layout.tsx mounts it once).
 * It connects when the first widget subscribes to a channel, carries every
 * channel the page's widgets asked for, and disconnects when the last one
 * unmounts. Widgets never open their own EventSource: useChannel().
 */
export function StreamProvider({ children }: { children: React.ReactNode }) {
  const [client] = useState(() => new StreamClient());
  useEffect(() => {
    const retry = () => client.retryNow();
    const onVisible = () => document.visibilityState === 'visible' && retry();
    window.addEventListener('online', retry);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('online', retry);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [client]);
  return <StreamContext.Provider value={client}>{children}</StreamContext.Provider>;
}

export function useStreamClient(): StreamClient {
  const client = useContext(StreamContext);
  if (!client) throw new Error('useChannel() needs a <StreamProvider> above it (app/(console)/layout.tsx has one).');
  return client;
}

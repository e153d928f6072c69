// Subscribes to GET /status-functions-stream (state, activity, activity_batch); reconnects after 3 s.
import { useEffect, useReducer, useRef, useState } from 'react';
import { ActivityBuffer } from './activity-buffer';
import type { NetworkActivityEvent, StatusState } from './types';

export const STREAM_URL = '/status-functions-stream';
export const RECONNECT_MS = 3000;
export const DISCONNECTED = 'Stream disconnected, reconnecting...';

export interface StatusStream {
  state: StatusState | null;
  error: string | null;
  connected: boolean;
  activity: ActivityBuffer;
}

function parse<T>(data: string): T | null {
  try {
    return JSON.parse(data) as T;
  } catch {
    return null;
  }
}

export function useStatusStream(url = STREAM_URL): StatusStream {
  const [state, setState] = useState<StatusState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [connected, setConnected] = useState(false);
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const bufferRef = useRef<ActivityBuffer | null>(null);
  if (bufferRef.current === null) bufferRef.current = new ActivityBuffer(bump);
  const buffer = bufferRef.current;

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let seeded = false;
    let stopped = false;

    const connect = (): void => {
      if (stopped) return;
      try {
        source = new EventSource(url);
      } catch (err) {
        setError(err instanceof Error ? err.message : String(err));
        retry = setTimeout(connect, RECONNECT_MS);
        return;
      }
      source.addEventListener('open', () => setConnected(true));
      source.addEventListener('state', (message) => {
        const next = parse<StatusState>((message as MessageEvent<string>).data);
        if (!next) return;
        if (!seeded && Array.isArray(next.RecentActivity)) {
          seeded = true;
          buffer.seed(next.RecentActivity);
        }
        setState(next);
        setError(null);
        setConnected(true);
      });
      source.addEventListener('activity', (message) => {
        const event = parse<NetworkActivityEvent>((message as MessageEvent<string>).data);
        if (event) buffer.push([event]);
      });
      source.addEventListener('activity_batch', (message) => {
        const events = parse<NetworkActivityEvent[]>((message as MessageEvent<string>).data);
        if (Array.isArray(events)) buffer.push(events);
      });
      source.addEventListener('error', () => {
        source?.close();
        source = null;
        setConnected(false);
        setError(DISCONNECTED);
        if (!stopped) retry = setTimeout(connect, RECONNECT_MS);
      });
    };

    connect();
    return () => {
      stopped = true;
      if (retry !== null) clearTimeout(retry);
      source?.close();
    };
  }, [url, buffer]);

  useEffect(() => () => buffer.dispose(), [buffer]);

  return { state, error, connected, activity: buffer };
}

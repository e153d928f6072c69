/**
 * Follows `GET /events` for the namespace's containers and reports each event's container id;
 * when the stream ends or fails it reconnects (0.5 s doubling to 10 s) and reports the
 * reconnection, so the caller can list again what it may have missed.
 */
import type { Logger } from '../../logging.js';
import type { Docker } from './engine.js';

export interface EventWatchOptions {
  docker: Docker;
  labelFilter: string;
  onContainer(id: string, action: string): void;
  onReconnect(): void;
  logger: Logger;
}

export interface EventWatch {
  /** Resolves once the first subscription is established (or failed). */
  ready: Promise<void>;
  stop(): void;
}

export function watchEvents(o: EventWatchOptions): EventWatch {
  let stopped = false;
  let current: NodeJS.ReadableStream | null = null;
  let timer: NodeJS.Timeout | null = null;
  let delayMs = 500;

  const handleLine = (line: string): void => {
    if (line.trim() === '') return;
    try {
      const event = JSON.parse(line) as { Type?: string; Action?: string; Actor?: { ID?: string } };
      if (event.Type === 'container' && event.Actor?.ID) o.onContainer(event.Actor.ID, event.Action ?? '');
    } catch {
      o.logger.debug(`docker: ignoring an unreadable event line`);
    }
  };

  const reconnectLater = (): void => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void subscribe().then(() => {
        if (!stopped) o.onReconnect();
      });
    }, delayMs);
    timer.unref();
    delayMs = Math.min(delayMs * 2, 10_000);
  };

  const subscribe = async (): Promise<void> => {
    try {
      const stream = await o.docker.getEvents({ filters: { type: ['container'], label: [o.labelFilter] } });
      if (stopped) {
        (stream as unknown as { destroy(): void }).destroy();
        return;
      }
      current = stream;
      delayMs = 500;
      let buffer = '';
      stream.on('data', (chunk: Buffer | string) => {
        buffer += chunk.toString();
        let at: number;
        while ((at = buffer.indexOf('\n')) >= 0) {
          handleLine(buffer.slice(0, at));
          buffer = buffer.slice(at + 1);
        }
      });
      const ended = (): void => {
        if (current !== stream) return;
        current = null;
        if (!stopped) {
          o.logger.warn('docker: the event stream ended; reconnecting');
          reconnectLater();
        }
      };
      stream.on('end', ended);
      stream.on('close', ended);
      stream.on('error', ended);
    } catch (err) {
      o.logger.warn(`docker: cannot follow events (${(err as Error).message}); retrying`);
      reconnectLater();
    }
  };

  return {
    ready: subscribe(),
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      const stream = current;
      current = null;
      (stream as unknown as { destroy?: () => void } | null)?.destroy?.();
    },
  };
}

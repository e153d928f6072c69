/**
 * Server-sent events, the little the control API's change stream needs: `formatEvent` writes one
 * event (`id`, `event`, single-line `data`), and `SseParser` turns a byte stream cut anywhere into
 * complete events (comments and unknown fields ignored, CRLF or LF line ends).
 */

export interface SseEvent {
  id: string;
  event: string;
  data: string;
}

export function formatEvent(event: SseEvent): string {
  return `id: ${event.id}\nevent: ${event.event}\ndata: ${event.data.replace(/\r?\n/g, ' ')}\n\n`;
}

/** A comment line: keeps idle connections (and their idle timeouts) alive. */
export const SSE_HEARTBEAT = ': ping\n\n';

export class SseParser {
  private pending = '';
  private current: SseEvent = { id: '', event: 'message', data: '' };
  private hasData = false;

  /** Feeds a chunk; returns the events it completed. */
  push(chunk: string): SseEvent[] {
    this.pending += chunk;
    const events: SseEvent[] = [];
    for (let newline = this.pending.indexOf('\n'); newline >= 0; newline = this.pending.indexOf('\n')) {
      const line = this.pending.slice(0, newline).replace(/\r$/, '');
      this.pending = this.pending.slice(newline + 1);
      if (line === '') {
        if (this.hasData) events.push(this.current);
        this.current = { id: this.current.id, event: 'message', data: '' };
        this.hasData = false;
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') this.current.id = value;
      else if (field === 'event') this.current.event = value;
      else if (field === 'data') {
        this.current.data = this.hasData ? `${this.current.data}\n${value}` : value;
        this.hasData = true;
      }
    }
    return events;
  }
}

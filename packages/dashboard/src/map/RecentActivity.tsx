// The last few activity events as text (what the map animates), newest first.
import type { NetworkActivityEvent } from '../lib/types';

const ARROW: Record<string, string> = { response: '↩', event_publish: '📣', enqueue: '✉', dequeue: '📤' };

export function RecentActivity({ events }: { events: readonly NetworkActivityEvent[] }) {
  const last = events.slice(-8).reverse();
  if (last.length === 0) return <p className="muted small">No activity yet.</p>;
  return (
    <ol className="recent-activity small" aria-label="Recent activity" data-testid="recent-activity">
      {last.map((e) => (
        <li key={e.Id}>
          <span className="mono muted">{new Date(e.TimestampMs).toLocaleTimeString()}</span>{' '}
          <span className={`activity-type activity-${e.Type}`}>{e.Type}</span> {ARROW[e.Type] ?? '→'}{' '}
          <span className="mono">
            {e.SourcePod ? `${e.Source ?? 'external'} (${e.SourcePod})` : (e.Source ?? 'external')} → {e.TargetPod ? `${e.Target} (${e.TargetPod})` : e.Target}
            {e.QueueName ? ` [queue ${e.QueueName}]` : ''}
          </span>
        </li>
      ))}
    </ol>
  );
}

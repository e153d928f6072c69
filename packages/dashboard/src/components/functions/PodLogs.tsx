// Expandable recent log lines of one replica (GET /logs/{function}?tail=50&replica=<pod>).
import { useEffect, useState } from 'react';
import { fetchReplicaLogs, type LogLine } from '../../lib/api';

type LogState = { status: 'loading' } | { status: 'done'; lines: LogLine[] } | { status: 'error'; message: string };

export function PodLogs({ fn, pod }: { fn: string; pod: string }) {
  const [state, setState] = useState<LogState>({ status: 'loading' });
  const [reload, setReload] = useState(0);
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    fetchReplicaLogs(fn, pod)
      .then((lines) => live && setState({ status: 'done', lines }))
      .catch((err: unknown) => live && setState({ status: 'error', message: err instanceof Error ? err.message : String(err) }));
    return () => {
      live = false;
    };
  }, [fn, pod, reload]);
  return (
    <div className="pod-logs" data-testid={`logs-${pod}`} aria-live="polite">
      {state.status === 'loading' ? <p className="muted small">Loading logs…</p> : null}
      {state.status === 'error' ? <p className="small error-text">Logs unavailable: {state.message}</p> : null}
      {state.status === 'done' && state.lines.length === 0 ? <p className="muted small">No logs</p> : null}
      {state.status === 'done' && state.lines.length > 0 ? (
        <pre className="log-lines" tabIndex={0} aria-label={`Recent log lines of ${pod}`}>
          {state.lines.map((l, i) => (
            <span key={i} className={l.stream === 'stderr' ? 'log-err' : undefined}>
              {l.time ? <span className="log-time">{l.time.replace(/^.*T/, '').replace(/Z$/, '')} </span> : null}
              {l.line}
              {'\n'}
            </span>
          ))}
        </pre>
      ) : null}
      <button type="button" className="btn btn-link small" onClick={() => setReload((n) => n + 1)}>
        ↻ Refresh
      </button>
    </div>
  );
}

// Name column: readiness dot, name (tooltip with the call paths), pod type, queue length.
import { podTypeIcon } from '../../lib/format';
import type { FunctionStatusDetailed } from '../../lib/types';

export function NameCell({ fn, queueLength }: { fn: FunctionStatusDetailed; queueLength: number }) {
  const ready = (fn.NumberReady ?? 0) > 0;
  const paths = `/function/${fn.Name}/…\n/async-function/${fn.Name}/…`;
  return (
    <div className="name-cell">
      <span className={`dot ${ready ? 'dot-ok' : 'dot-bad'}`} role="img" aria-label={ready ? 'ready' : 'not ready'} />
      <div>
        <strong className="fn-name" title={paths}>
          {fn.Name}
        </strong>
        <div className="muted small">
          <span aria-hidden="true">{podTypeIcon(fn.PodType)}</span> {fn.PodType}
        </div>
        <div className="muted small mono" title={paths}>
          /function/{fn.Name}/…
        </div>
        {queueLength > 0 || fn.PodType !== 'WebSocket' ? (
          <div className={`small ${queueLength > 0 ? 'queue-busy' : 'muted'}`} data-testid={`queue-${fn.Name}`}>
            📨 Queue: {queueLength}
          </div>
        ) : null}
      </div>
    </div>
  );
}

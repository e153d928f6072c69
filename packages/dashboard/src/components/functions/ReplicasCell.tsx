// Replicas column: "⚡ Wake Up" when no pod is ready, otherwise the pod list with status and logs.
import { useState } from 'react';
import { wakeFunction } from '../../lib/api';
import { podIcon, podTone } from '../../lib/format';
import type { FunctionStatusDetailed, PodStatus } from '../../lib/types';
import { useCooldown } from '../../lib/use-cooldown';
import { PodLogs } from './PodLogs';

function WakeButton({ name }: { name: string }) {
  const [waking, start] = useCooldown();
  return (
    <button
      type="button"
      className="btn btn-wake"
      data-testid={`wake-${name}`}
      aria-label={`Wake up ${name}`}
      disabled={waking}
      onClick={() => {
        start();
        wakeFunction(name).catch(() => undefined);
      }}
    >
      {waking ? '⏳' : '⚡ Wake Up'}
    </button>
  );
}

function PodItem({ fn, pod }: { fn: string; pod: PodStatus }) {
  const [open, setOpen] = useState(false);
  const tone = podTone(pod.Status);
  return (
    <li className={`pod pod-${tone}`} data-testid={`pod-${pod.Name}`} data-status={pod.Status} data-ready={pod.Ready ? 'true' : 'false'}>
      <div className="pod-line">
        <span aria-hidden="true">{podIcon(pod.Status)}</span>
        <span className="pod-name mono" title={pod.Ip ?? undefined}>
          {pod.Name}
        </span>
        <span className={`pod-status pod-status-${tone}`}>{pod.Status}</span>
        <button
          type="button"
          className="btn btn-link small"
          aria-expanded={open}
          aria-label={`${open ? 'Hide' : 'Show'} logs of ${pod.Name}`}
          data-testid={`logs-toggle-${pod.Name}`}
          onClick={() => setOpen((v) => !v)}
        >
          {open ? '▾ logs' : '▸ logs'}
        </button>
      </div>
      {open ? <PodLogs fn={fn} pod={pod.Name} /> : null}
    </li>
  );
}

export function ReplicasCell({ fn }: { fn: FunctionStatusDetailed }) {
  const pods = fn.Pods ?? [];
  const canWake = (fn.NumberReady ?? 0) === 0 && fn.PodType !== 'WebSocket';
  return (
    <div className="stack">
      {canWake ? <WakeButton name={fn.Name} /> : null}
      {pods.length === 0 ? (
        <span className="muted small">No pods</span>
      ) : (
        <ul className="pod-list" aria-label={`Pods of ${fn.Name}`}>
          {pods.map((pod) => (
            <PodItem key={pod.Name} fn={fn.Name} pod={pod} />
          ))}
        </ul>
      )}
    </div>
  );
}

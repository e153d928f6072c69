// Scale column: replicas, timeouts, parallelism, retry, schedule, dependencies, triggers, behaviour.
import { formatPolicy } from '../../lib/format';
import type { FunctionStatusDetailed, RetrySettings, ScaleDirection } from '../../lib/types';

function Retry({ label, retry }: { label: string; retry: RetrySettings | null | undefined }) {
  if (!retry) return null;
  return (
    <li>
      <span className="label">{label}</span> timeout {retry.HttpTimeout}s, delays [{(retry.TimeoutRetries ?? []).join(', ')}]s, on [
      {(retry.HttpStatusRetries ?? []).join(', ')}]
    </li>
  );
}

function Behavior({ label, direction }: { label: string; direction: ScaleDirection | null | undefined }) {
  if (!direction) return null;
  const policies = (direction.Policies ?? []).map(formatPolicy).join(', ');
  return (
    <li>
      <span className="label">{label}</span> window {direction.StabilizationWindowSeconds}s{policies ? `, ${policies}` : ''}
    </li>
  );
}

export function ScaleCell({ fn }: { fn: FunctionStatusDetailed }) {
  const schedule = fn.Schedule?.Default;
  const wakeUp = schedule?.WakeUp ?? [];
  const downs = schedule?.ScaleDownTimeout ?? [];
  const triggers = fn.Scale?.Triggers ?? [];
  const deps = fn.DependsOn ?? [];
  const retry = fn.Retry;
  return (
    <div className="stack small">
      <div>
        <strong className="scale-main">
          {fn.NumberReady}/{fn.NumberRequested}
        </strong>{' '}
        <span className="muted">
          (min {fn.ReplicasMin ?? 0}, start {fn.ReplicasAtStart ?? 0})
        </span>
      </div>
      <ul className="plain-list">
        {fn.TimeoutSecondBeforeSetReplicasMin !== undefined ? (
          <li>
            <span className="label">Scale down after</span> {fn.TimeoutSecondBeforeSetReplicasMin}s
          </li>
        ) : null}
        {fn.NumberParallelRequest !== undefined ? (
          <li>
            <span className="label">Parallel</span> {fn.NumberParallelRequest} max ({fn.NumberParallelRequestPerPod ?? '-'}/pod)
          </li>
        ) : null}
        {fn.Scale?.ReplicaMax !== undefined && fn.Scale?.ReplicaMax !== null ? (
          <li>
            <span className="label">Max replicas</span> {fn.Scale.ReplicaMax}
          </li>
        ) : null}
        <Retry label="Async retry" retry={retry?.DefaultAsync} />
        <Retry label="Publish retry" retry={retry?.DefaultPublish} />
        {wakeUp.length > 0 || downs.length > 0 ? (
          <li>
            <span className="label">Schedule</span> {fn.Schedule?.TimeZoneID ?? ''}
            {wakeUp.length > 0 ? `, wake up ${wakeUp.join(', ')}` : ''}
            {downs.length > 0 ? `, scale down ${downs.map((d) => `${d.Time}→${d.Value}s`).join(', ')}` : ''}
          </li>
        ) : null}
        {deps.length > 0 ? (
          <li>
            <span className="label">Depends on</span> {deps.join(', ')}
          </li>
        ) : null}
        {triggers.map((t, i) => (
          <li key={i} className="mono">
            <span className="label">Trigger</span> {t.MetricName || t.Query} ({t.MetricType} ≥ {t.Threshold})
          </li>
        ))}
        <Behavior label="Scale up" direction={fn.Scale?.Behavior?.ScaleUp} />
        <Behavior label="Scale down" direction={fn.Scale?.Behavior?.ScaleDown} />
      </ul>
    </div>
  );
}

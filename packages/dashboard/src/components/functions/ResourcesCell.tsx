// Resources column: CPU and memory request/limit (or "-").
import { orDash } from '../../lib/format';
import type { ResourcesStatus } from '../../lib/types';

export function ResourcesCell({ resources }: { resources: ResourcesStatus | null | undefined }) {
  if (!resources) return <span className="muted">-</span>;
  return (
    <dl className="kv small">
      <dt>CPU</dt>
      <dd>
        {orDash(resources.CpuRequest)} / {orDash(resources.CpuLimit)}
      </dd>
      <dt>Memory</dt>
      <dd>
        {orDash(resources.MemoryRequest)} / {orDash(resources.MemoryLimit)}
      </dd>
    </dl>
  );
}

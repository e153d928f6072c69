// The function table (platform.md §6.3): one row per function; cards on narrow screens.
import { memo } from 'react';
import type { FunctionStatusDetailed, QueueStatus } from '../../lib/types';
import { NameCell } from './NameCell';
import { ReplicasCell } from './ReplicasCell';
import { ResourcesCell } from './ResourcesCell';
import { ScaleCell } from './ScaleCell';
import { VisibilityCell } from './VisibilityCell';

export const FunctionsTable = memo(function FunctionsTable({ functions, queues }: { functions: FunctionStatusDetailed[]; queues: QueueStatus[] }) {
  const queueOf = (name: string): number => queues.find((q) => q.Name === name)?.Length ?? 0;
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid="functions-table">
        <caption className="sr-only">Functions</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Visibility</th>
            <th scope="col">Scale</th>
            <th scope="col">Resources</th>
            <th scope="col">Replicas</th>
          </tr>
        </thead>
        <tbody>
          {functions.map((fn) => (
            <tr key={fn.Name} data-testid={`function-row-${fn.Name}`} data-ready={fn.NumberReady} data-requested={fn.NumberRequested}>
              <td data-label="Name">
                <NameCell fn={fn} queueLength={queueOf(fn.Name)} />
              </td>
              <td data-label="Visibility">
                <VisibilityCell fn={fn} />
              </td>
              <td data-label="Scale">
                <ScaleCell fn={fn} />
              </td>
              <td data-label="Resources">
                <ResourcesCell resources={fn.Resources} />
              </td>
              <td data-label="Replicas">
                <ReplicasCell fn={fn} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});

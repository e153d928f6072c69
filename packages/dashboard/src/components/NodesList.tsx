// SlimFaas nodes (SlimFaasNodes of the state frame) and the desired node count.
import { podIcon } from '../lib/format';
import type { SlimFaasNode } from '../lib/types';

export function NodesList({ nodes, desired }: { nodes: SlimFaasNode[]; desired: number }) {
  return (
    <section className="card" aria-labelledby="nodes-title" data-testid="nodes">
      <h3 id="nodes-title">
        SlimFaas nodes{' '}
        <span className="muted small">
          ({nodes.filter((n) => n.Status === 'Running').length}/{desired} running)
        </span>
      </h3>
      {nodes.length === 0 ? (
        <p className="muted small">No SlimFaas node reported.</p>
      ) : (
        <ul className="node-list">
          {nodes.map((node) => (
            <li key={node.Name} className="node-chip" data-testid={`node-${node.Name}`}>
              <span aria-hidden="true">{podIcon(node.Status)}</span> <span className="mono">{node.Name}</span>{' '}
              <span className="muted">{node.Status}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

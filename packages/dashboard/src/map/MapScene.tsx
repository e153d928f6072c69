// Static part of the network map: bubbles, replica dots, queue boxes, links, active badges.
import { podTone } from '../lib/format';
import { FUNCTION_R, JOB_R, SLIMFAAS_R, type MapLayout } from './layout';

const TONE: Record<string, string> = { ok: '#22c55e', warn: '#eab308', info: '#3b82f6', bad: '#ef4444', other: '#94a3b8' };

const short = (name: string, max = 14): string => (name.length > max ? `${name.slice(0, max - 1)}…` : name);

export interface SceneProps {
  layout: MapLayout;
  queues: Map<string, number>;
  queueActive: Set<string>;
  active: Map<string, number>;
}

export function MapScene({ layout, queues, queueActive, active }: SceneProps) {
  const { slimfaas, external } = layout;
  return (
    <>
      <rect x="0" y="0" width={layout.frame.width} height={layout.frame.height} className="map-bg" />
      <line x1={external.x} y1={external.y} x2={slimfaas.x} y2={slimfaas.y} className="map-link" />
      {layout.functions.map((f) => (
        <line key={`l-${f.name}`} x1={slimfaas.x} y1={slimfaas.y} x2={f.x} y2={f.y} className="map-link" />
      ))}
      {layout.jobs.map((j) => (
        <line key={`lj-${j.name}`} x1={slimfaas.x} y1={slimfaas.y} x2={j.x} y2={j.y} className="map-link map-link-job" />
      ))}
      <g className="map-external">
        <circle cx={external.x} cy={external.y} r={34} fill="#64748b" />
        <text x={external.x} y={external.y + 5} className="map-label-in">
          external
        </text>
      </g>
      {layout.functions.map((f) => {
        const length = queues.get(f.name) ?? 0;
        if (length === 0 && !queueActive.has(f.name)) return null;
        return (
          <g key={`q-${f.name}`} className="map-queue" data-testid={`map-queue-${f.name}`}>
            <rect x={f.queue.x - 26} y={f.queue.y - 12} width={52} height={24} rx={4} />
            <text x={f.queue.x} y={f.queue.y + 5}>
              ✉ {length}
            </text>
          </g>
        );
      })}
      {layout.jobs.map((j) => (
        <g key={`j-${j.name}`} className="map-job">
          <circle cx={j.x} cy={j.y} r={JOB_R} fill="#fff" stroke={j.color} strokeWidth={3} />
          <text x={j.x} y={j.y + JOB_R + 28} className="map-label">
            {short(j.name)}
          </text>
          {j.runs.map((r) => (
            <circle key={r.name} cx={r.x} cy={r.y} r={5} fill={j.color}>
              <title>{`${r.name} (${r.status})`}</title>
            </circle>
          ))}
        </g>
      ))}
      {layout.functions.map((f) => {
        const count = active.get(f.name) ?? 0;
        return (
          <g key={`f-${f.name}`} className="map-function" data-testid={`map-function-${f.name}`}>
            <circle cx={f.x} cy={f.y} r={FUNCTION_R} fill={f.color} opacity={f.ready > 0 ? 1 : 0.45} />
            <text x={f.x} y={f.y + 5} className="map-label-in">
              {f.replicas.filter((r) => r.status === 'Running').length}
            </text>
            <text x={f.x} y={f.y + FUNCTION_R + 40} className="map-label">
              {short(f.name)}
            </text>
            {f.replicas.map((r) => (
              <circle key={r.name} cx={r.x} cy={r.y} r={5} fill={TONE[podTone(r.status)]} stroke="#fff" strokeWidth={1.5}>
                <title>{`${r.name} (${r.status})`}</title>
              </circle>
            ))}
            {count > 0 ? (
              <g className="map-active" data-testid={`map-active-${f.name}`}>
                <circle cx={f.x + FUNCTION_R} cy={f.y - FUNCTION_R} r={11} />
                <text x={f.x + FUNCTION_R} y={f.y - FUNCTION_R + 4}>
                  {count}
                </text>
              </g>
            ) : null}
          </g>
        );
      })}
      <g className="map-slimfaas">
        <circle cx={slimfaas.x} cy={slimfaas.y} r={SLIMFAAS_R} fill="#0f172a" />
        <text x={slimfaas.x} y={slimfaas.y + 5} className="map-label-in">
          SlimFaas
        </text>
        {layout.nodes.map((n) => (
          <circle key={n.name} cx={n.x} cy={n.y} r={5} fill={TONE[podTone(n.status)]} stroke="#fff" strokeWidth={1.5}>
            <title>{`${n.name} (${n.status})`}</title>
          </circle>
        ))}
      </g>
    </>
  );
}

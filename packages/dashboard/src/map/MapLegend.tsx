// Legend of the network map: actors (up to 8 functions, 6 jobs) and message shapes.
import type { MapLayout } from './layout';
import { EVENT_COLOR, RESPONSE_COLOR } from './routes';

function Swatch({ color, shape = 'circle' }: { color: string; shape?: 'circle' | 'rect' | 'ring' }) {
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" className="swatch">
      {shape === 'rect' ? <rect x="1" y="3" width="12" height="8" rx="2" fill={color} /> : null}
      {shape === 'circle' ? <circle cx="7" cy="7" r="6" fill={color} /> : null}
      {shape === 'ring' ? <circle cx="7" cy="7" r="5" fill="none" stroke={color} strokeWidth="2" /> : null}
    </svg>
  );
}

export function MapLegend({ layout }: { layout: MapLayout }) {
  const fns = layout.functions.slice(0, 8);
  const jobs = layout.jobs.slice(0, 6);
  return (
    <ul className="legend" aria-label="Network map legend">
      <li>
        <Swatch color="#64748b" /> External
      </li>
      <li>
        <Swatch color="#0f172a" /> SlimFaas
      </li>
      {fns.map((f) => (
        <li key={f.name}>
          <Swatch color={f.color} /> {f.name}
        </li>
      ))}
      {layout.functions.length > 8 ? <li>+{layout.functions.length - 8} more</li> : null}
      {jobs.map((j) => (
        <li key={j.name}>
          <Swatch color={j.color} shape="ring" /> {j.name}
        </li>
      ))}
      {layout.jobs.length > 6 ? <li>+{layout.jobs.length - 6} jobs</li> : null}
      <li>
        <Swatch color="#6366f1" /> Request
      </li>
      <li>
        <Swatch color="#6366f1" shape="rect" /> Async
      </li>
      <li>
        <Swatch color={EVENT_COLOR} /> Event
      </li>
      <li>
        <Swatch color={RESPONSE_COLOR} /> Response
      </li>
      <li>
        <Swatch color="#22c55e" shape="ring" /> Replica
      </li>
      <li>
        <Swatch color="#a855f7" shape="ring" /> Job
      </li>
      <li>
        <span className="active-badge-legend">n</span> Active
      </li>
    </ul>
  );
}

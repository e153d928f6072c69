// Visibility column: default visibility and trust badges, per-path visibility, subscribed events.
import { visibilityName } from '../../lib/format';
import type { FunctionStatusDetailed, VisibilityValue } from '../../lib/types';

export function VisibilityBadge({ value }: { value: VisibilityValue | null | undefined }) {
  const name = visibilityName(value);
  return <span className={`badge ${name === 'Private' ? 'badge-private' : 'badge-public'}`}>{name}</span>;
}

export function VisibilityCell({ fn }: { fn: FunctionStatusDetailed }) {
  const paths = fn.PathsStartWithVisibility ?? [];
  const events = fn.SubscribeEvents ?? [];
  return (
    <div className="stack">
      <div className="badges">
        <VisibilityBadge value={fn.Visibility} />
        {fn.Trust ? <span className={`badge ${fn.Trust === 'Trusted' ? 'badge-trusted' : 'badge-untrusted'}`}>{fn.Trust}</span> : null}
      </div>
      {paths.length > 0 ? (
        <div className="small">
          <div className="label">Paths</div>
          <ul className="plain-list">
            {paths.map((p) => (
              <li key={p.Path}>
                <code>{p.Path}</code> <VisibilityBadge value={p.Visibility} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {events.length > 0 ? (
        <div className="small">
          <div className="label">Events</div>
          <ul className="plain-list">
            {events.map((e) => (
              <li key={e.Name}>
                <code>{e.Name}</code> <VisibilityBadge value={e.Visibility} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

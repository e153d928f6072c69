// Live network map: static scene + animated live messages (history is never replayed).
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ActivityBuffer } from '../lib/activity-buffer';
import type { StatusState } from '../lib/types';
import { ActiveRequests } from './active-requests';
import { Animator } from './animator';
import { computeLayout, LANDSCAPE, PORTRAIT, type MapLayout } from './layout';
import { useMediaQuery } from '../lib/use-media-query';
import { MapLegend } from './MapLegend';
import { MapScene } from './MapScene';
import { planFlight } from './routes';
import { RecentActivity } from './RecentActivity';

export function NetworkMap({ state, activity }: { state: StatusState; activity: ActivityBuffer }) {
  const portrait = useMediaQuery('(max-width: 640px)');
  const layout = useMemo(
    () => computeLayout(state.Functions, state.Jobs ?? [], state.SlimFaasNodes ?? [], state.SlimFaasReplicas ?? 1, portrait ? PORTRAIT : LANDSCAPE),
    [state.Functions, state.Jobs, state.SlimFaasNodes, state.SlimFaasReplicas, portrait],
  );
  const layoutRef = useRef<MapLayout>(layout);
  layoutRef.current = layout;
  const layer = useRef<SVGGElement | null>(null);
  const svg = useRef<SVGSVGElement | null>(null);
  const active = useRef(new ActiveRequests());
  const [activeCounts, setActiveCounts] = useState<Map<string, number>>(new Map());

  const queues = useMemo(() => new Map((state.Queues ?? []).map((q) => [q.Name, q.Length])), [state.Queues]);
  const queueActive = new Set<string>();
  for (const e of activity.events) {
    if (e.Type === 'enqueue' || e.Type === 'dequeue') {
      const name = e.QueueName ?? e.Target;
      if (name) queueActive.add(name);
    }
  }

  useEffect(() => {
    if (!layer.current) return;
    const animator = new Animator(layer.current, (n) => svg.current?.setAttribute('data-animated', String(n)));
    const unsubscribe = activity.subscribe((batch) => {
      for (const event of batch) {
        active.current.apply(event);
        const plan = planFlight(layoutRef.current, event);
        if (plan) animator.launch(plan);
      }
      setActiveCounts(active.current.counts());
    });
    const sweep = setInterval(() => setActiveCounts(active.current.counts()), 5000);
    return () => {
      unsubscribe();
      clearInterval(sweep);
      animator.dispose();
    };
  }, [activity]);

  return (
    <section className="card" aria-labelledby="map-title">
      <div className="card-head">
        <h3 id="map-title">Live network map</h3>
        <span className="muted small">
          Live events: <strong data-testid="activity-count">{activity.liveCount}</strong>
        </span>
      </div>
      <div className="map-scroll">
        <svg
          ref={svg}
          className={`network-map${portrait ? ' network-map-portrait' : ''}`}
          data-testid="network-map"
          data-animated="0"
          viewBox={`0 0 ${layout.frame.width} ${layout.frame.height}`}
          role="img"
          aria-label={`Network map: SlimFaas, ${layout.functions.length} function(s), ${layout.jobs.length} job(s)`}
        >
          <MapScene layout={layout} queues={queues} queueActive={queueActive} active={activeCounts} />
          <g ref={layer} className="map-flights" />
        </svg>
      </div>
      <MapLegend layout={layout} />
      <RecentActivity events={activity.events} />
    </section>
  );
}

// Infrastructure Overview: summary, states, function table, nodes, front banner and network map.
import type { ActivityBuffer } from '../lib/activity-buffer';
import type { StatusState } from '../lib/types';
import { NetworkMap } from '../map/NetworkMap';
import { FunctionsTable } from './functions/FunctionsTable';
import { NodesList } from './NodesList';
import { OverviewSummary } from './OverviewSummary';
import { ErrorBanner, FrontDisabledBanner, LoadingBanner } from './StatusBanner';

export const EMPTY_TEXT = 'No functions found. Deploy a function with SlimFaas annotations to see it here.';

export function InfrastructureOverview({ state, error, activity }: { state: StatusState | null; error: string | null; activity: ActivityBuffer }) {
  const functions = state?.Functions ?? [];
  const jobs = state?.Jobs ?? [];
  return (
    <section className="section" aria-labelledby="overview-title">
      <div className="section-head">
        <h2 id="overview-title">Infrastructure Overview</h2>
        <OverviewSummary functions={functions} />
      </div>
      <div aria-live="polite">
        {error ? <ErrorBanner message={error} /> : null}
        {!state && !error ? <LoadingBanner /> : null}
      </div>
      {state && functions.length === 0 ? (
        <p className="empty" data-testid="empty">
          {EMPTY_TEXT}
        </p>
      ) : null}
      {state && functions.length > 0 ? <FunctionsTable functions={functions} queues={state.Queues ?? []} /> : null}
      {state && state.FrontEnabled === false ? <FrontDisabledBanner message={state.FrontMessage} /> : null}
      {state ? (
        <div className="grid-2">
          <NodesList nodes={state.SlimFaasNodes ?? []} desired={state.SlimFaasReplicas ?? 0} />
        </div>
      ) : null}
      {state && state.FrontEnabled !== false && (functions.length > 0 || jobs.length > 0) ? <NetworkMap state={state} activity={activity} /> : null}
    </section>
  );
}

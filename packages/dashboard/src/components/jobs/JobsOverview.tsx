// Jobs Overview section (platform.md §6.3 item 3), fed by the same stream.
import { memo } from 'react';
import type { JobConfigurationStatus } from '../../lib/types';
import { JobsTable } from './JobsTable';
import { RunningJobsTable } from './RunningJobsTable';

export const JobsOverview = memo(function JobsOverview({ jobs, loading, error }: { jobs: JobConfigurationStatus[] | null; loading: boolean; error: string | null }) {
  const list = jobs ?? [];
  const running = list.reduce((n, j) => n + (j.RunningJobs?.length ?? 0), 0);
  const schedules = list.reduce((n, j) => n + (j.Schedules?.length ?? 0), 0);
  return (
    <section className="section" aria-labelledby="jobs-title" data-testid="jobs-overview">
      <h2 id="jobs-title">Jobs Overview</h2>
      {loading ? <p className="banner banner-info">Loading jobs...</p> : null}
      {error ? (
        <p className="banner banner-error" role="alert">
          Jobs unavailable: {error}
        </p>
      ) : null}
      {!loading && !error && list.length === 0 ? <p className="muted">No job configurations found.</p> : null}
      {list.length > 0 ? (
        <>
          <dl className="summary-stats">
            <div className="stat">
              <dt>Configurations</dt>
              <dd data-testid="job-config-count">{list.length}</dd>
            </div>
            <div className="stat">
              <dt>Running jobs</dt>
              <dd data-testid="running-job-count">{running}</dd>
            </div>
            <div className="stat">
              <dt>Schedules</dt>
              <dd>{schedules}</dd>
            </div>
          </dl>
          <JobsTable jobs={list} />
          <RunningJobsTable jobs={list} />
        </>
      ) : null}
    </section>
  );
});

// Job configurations table: name, visibility (+ image, whitelist), scale, resources.
import { formatTimestamp } from '../../lib/format';
import type { JobConfigurationStatus } from '../../lib/types';
import { VisibilityBadge } from '../functions/VisibilityCell';

function ResourceMap({ label, values }: { label: string; values: Record<string, string> | null | undefined }) {
  const entries = Object.entries(values ?? {});
  return (
    <>
      <dt>{label}</dt>
      <dd>{entries.length === 0 ? '-' : entries.map(([k, v]) => `${k} ${v}`).join(', ')}</dd>
    </>
  );
}

export function JobsTable({ jobs }: { jobs: JobConfigurationStatus[] }) {
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid="jobs-table">
        <caption className="sr-only">Job configurations</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Visibility</th>
            <th scope="col">Scale</th>
            <th scope="col">Resources</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => {
            const running = job.RunningJobs?.length ?? 0;
            const whitelist = job.ImagesWhitelist ?? [];
            return (
              <tr key={job.Name} data-testid={`job-row-${job.Name}`}>
                <td data-label="Name">
                  <strong>{job.Name}</strong>
                </td>
                <td data-label="Visibility">
                  <div className="stack small">
                    <div>
                      <VisibilityBadge value={job.Visibility} />
                    </div>
                    {job.Image ? <code className="wrap">{job.Image}</code> : null}
                    {whitelist.length > 0 ? (
                      <div>
                        <span className="label">Whitelist</span> <span className="wrap">{whitelist.join(', ')}</span>
                      </div>
                    ) : null}
                  </div>
                </td>
                <td data-label="Scale">
                  <ul className="plain-list small">
                    <li>
                      <span className="label">Parallel</span> {job.NumberParallelJob ?? 1}
                    </li>
                    <li>{running > 0 ? `${running} job(s)` : 'Idle'}</li>
                    {(job.Schedules ?? []).map((s) => (
                      <li key={s.Id}>
                        <span className="label">Schedule</span> <code>{s.Schedule}</code> next {formatTimestamp(s.NextExecutionTimestamp)}
                      </li>
                    ))}
                    {(job.DependsOn ?? []).length > 0 ? (
                      <li>
                        <span className="label">Depends on</span> {job.DependsOn!.join(', ')}
                      </li>
                    ) : null}
                  </ul>
                </td>
                <td data-label="Resources">
                  <dl className="kv small">
                    <ResourceMap label="Requests" values={job.Resources?.Requests} />
                    <ResourceMap label="Limits" values={job.Resources?.Limits} />
                  </dl>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

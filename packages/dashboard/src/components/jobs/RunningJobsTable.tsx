// Running jobs sub-table: name, status, element id, queued time, start time.
import { formatTimestamp, orDash } from '../../lib/format';
import type { JobConfigurationStatus } from '../../lib/types';

export function RunningJobsTable({ jobs }: { jobs: JobConfigurationStatus[] }) {
  const rows = jobs.flatMap((job) => (job.RunningJobs ?? []).map((run) => ({ job: job.Name, run })));
  if (rows.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid="running-jobs-table">
        <caption className="table-caption">Running jobs</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Element id</th>
            <th scope="col">Queued</th>
            <th scope="col">Started</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ job, run }) => (
            <tr key={`${job}/${run.Name}`} data-testid={`running-job-${run.Name}`}>
              <td data-label="Name" className="mono wrap">
                {run.Name}
              </td>
              <td data-label="Status">{run.Status}</td>
              <td data-label="Element id" className="mono wrap">
                {orDash(run.ElementId)}
              </td>
              <td data-label="Queued">{formatTimestamp(run.InQueueTimestamp)}</td>
              <td data-label="Started">{formatTimestamp(run.StartTimestamp)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

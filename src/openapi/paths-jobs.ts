/** Jobs (jobs.md §4, §7–§9): trigger/list/cancel runs, dynamic cron schedules, the status of every definition. */
import type { Operation, Paths, Schema } from './types.js';
import { empty, json, pathParam, response, schemaRef } from './common.js';
import { NAME_ERROR } from '../jobs/job-names.js';

const nameError = { type: 'string', const: NAME_ERROR };

const jobName = pathParam('jobName', 'The job definition name (lower-cased; `[a-z0-9_-]{3,30}` on mutating routes, else 400).');
const runId = pathParam('id', 'The run id answered by the trigger.');
const scheduleId = pathParam('id', 'The schedule id answered at creation.');
const perDefinition = { 'x-visibility': 'Per definition (`Private` by default: external callers get 400 on mutations)' };
/** A jobs operation, on the public ports. */
const job = (summary: string, operationId: string, rest: Omit<Operation, 'summary' | 'operationId' | 'tags'>): Operation => ({
  summary, operationId, tags: ['jobs'], 'x-ports': 'public', ...rest,
});

const resources: Schema = {
  type: ['object', 'null'],
  properties: {
    Requests: { type: 'object', additionalProperties: { type: 'string' } },
    Limits: { type: 'object', additionalProperties: { type: 'string' } },
  },
};
const environments: Schema = { type: ['array', 'null'], items: { type: 'object', required: ['Name'], properties: { Name: { type: 'string' }, Value: { type: 'string' } } } };
const strings: Schema = { type: ['array', 'null'], items: { type: 'string' } };

export const jobSchemas: Record<string, Schema> = {
  JobRequest: {
    type: 'object',
    description: 'PascalCase, case-sensitive; wrong types count as absent.',
    properties: { Args: strings, Image: { type: 'string' }, Resources: resources, Environments: environments, DependsOn: strings },
  },
  JobId: { type: 'object', required: ['Id'], properties: { Id: { type: 'string' } } },
  JobRun: {
    type: 'object',
    required: ['Name', 'Status', 'Id', 'PositionInQueue', 'InQueueTimestamp', 'StartTimestamp'],
    properties: {
      Name: { type: 'string' },
      Status: { type: 'string', description: 'Queued, Pending, Running, Succeeded, Failed…' },
      Id: { type: 'string' },
      PositionInQueue: { type: 'integer', description: '0-based in the queue; negative for runs already started.' },
      InQueueTimestamp: { type: 'string', description: '.NET ticks.' },
      StartTimestamp: { type: 'string', description: '.NET ticks; `-1` while queued.' },
    },
  },
  ScheduleRequest: {
    type: 'object',
    required: ['Schedule'],
    properties: {
      Schedule: { type: 'string', description: '5-field UTC cron.' },
      Args: strings, Image: { type: 'string' }, BackoffLimit: { type: 'integer' }, TtlSecondsAfterFinished: { type: 'integer' },
      RestartPolicy: { type: 'string' }, Resources: resources, Environments: environments, DependsOn: strings,
    },
  },
  Schedule: {
    type: 'object',
    description: 'The stored entry echoed back: `Id`, the non-null fields of the request, `DependsOn` (an array).',
    required: ['Id', 'Schedule', 'DependsOn'],
    properties: { Id: { type: 'string' }, Schedule: { type: 'string' }, Args: { type: 'array', items: { type: 'string' } }, Image: { type: 'string' }, DependsOn: { type: 'array', items: { type: 'string' } } },
    additionalProperties: true,
  },
  JobStatus: {
    type: 'object',
    required: ['Name', 'Visibility', 'Image', 'ImagesWhitelist', 'NumberParallelJob', 'Resources', 'DependsOn', 'Schedules', 'RunningJobs'],
    properties: {
      Name: { type: 'string' },
      Visibility: { type: 'string', enum: ['Public', 'Private'] },
      Image: { type: 'string' },
      ImagesWhitelist: { type: 'array', items: { type: 'string' } },
      NumberParallelJob: { type: 'integer' },
      Resources: resources,
      DependsOn: strings,
      Schedules: {
        type: 'array',
        items: {
          type: 'object',
          required: ['Id', 'Schedule', 'Image', 'NextExecutionTimestamp', 'Resources', 'DependsOn'],
          properties: { Id: { type: 'string' }, Schedule: { type: 'string' }, Image: { type: 'string' }, NextExecutionTimestamp: { type: ['integer', 'null'], description: 'Unix seconds.' }, Resources: resources, DependsOn: strings },
        },
      },
      RunningJobs: {
        type: 'array',
        items: {
          type: 'object',
          required: ['Name', 'Status', 'ElementId', 'InQueueTimestamp', 'StartTimestamp'],
          properties: { Name: { type: 'string' }, Status: { type: 'string' }, ElementId: { type: 'string' }, InQueueTimestamp: { type: 'string' }, StartTimestamp: { type: 'string' } },
        },
      },
    },
  },
};

const statusOp = (operationId: string) => ({
  get: job('Every job definition, its schedules (next run) and runs', operationId, {
    responses: { '200': response('In catalogue order.', json({ type: 'array', items: schemaRef('JobStatus') })) },
  }),
});

export const jobPaths: Paths = {
  '/job/{jobName}': {
    parameters: [jobName],
    post: job('Trigger a run (queued durably)', 'triggerJob', {
      ...perDefinition,
      requestBody: { required: true, content: json(schemaRef('JobRequest')) },
      responses: {
        '202': response('Queued.', json(schemaRef('JobId'))),
        '400': response('Invalid name (the JSON string below); body not a JSON object, private definition for an external caller, or image not allowed (empty body).', json(nameError)),
      },
    }),
    get: job('The runs of a definition (running first, then queued)', 'listJobRuns', {
      responses: { '200': response('The runs.', json({ type: 'array', items: schemaRef('JobRun') })) },
    }),
  },
  '/job/{jobName}/{id}': {
    parameters: [jobName, runId],
    delete: job('Cancel a queued or running run', 'cancelJobRun', {
      ...perDefinition,
      responses: { '200': empty('Cancelled.'), '400': response('Invalid name.', json(nameError)), '404': empty('No such run (or not allowed).') },
    }),
  },
  '/job-schedules/{jobName}': {
    parameters: [jobName],
    post: job('Add a dynamic cron schedule', 'addJobSchedule', {
      ...perDefinition,
      requestBody: { required: true, content: json(schemaRef('ScheduleRequest')) },
      responses: { '201': response('Created.', json(schemaRef('JobId'))), '400': response('Invalid name (JSON string), invalid schedule (`{"error":"Schedule \'…\' is invalid: …"}`), or private definition (empty body).', json({ anyOf: [nameError, schemaRef('Error')] })) },
    }),
    get: job('The dynamic schedules of a definition', 'listJobSchedules', {
      responses: { '200': response('The schedules.', json({ type: 'array', items: schemaRef('Schedule') })) },
    }),
  },
  '/job-schedules/{jobName}/{id}': {
    parameters: [jobName, scheduleId],
    delete: job('Delete a dynamic schedule', 'deleteJobSchedule', {
      ...perDefinition,
      responses: { '204': empty('Deleted.'), '400': response('Invalid name (JSON string) or private definition (empty body).', json(nameError)), '404': empty('No such schedule.') },
    }),
  },
  '/jobs/status': statusOp('jobsStatus'),
  '/status-jobs': statusOp('statusJobs'),
};

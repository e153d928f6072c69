/** Assembles the OpenAPI 3.1 document of SlimFaas's whole HTTP surface (served at `/openapi.json`, written to docs/openapi.json). */
import { components } from './common.js';
import type { Paths } from './types.js';
import { functionPaths } from './paths-functions.js';
import { statusPaths } from './paths-status.js';
import { nodePaths } from './paths-node.js';
import { jobPaths, jobSchemas } from './paths-jobs.js';
import { dataPaths, dataSchemas } from './paths-data.js';
import { debugPaths } from './paths-debug.js';
import { internalPaths } from './paths-internal.js';
import { asyncResultPaths, asyncResultSchemas } from './paths-async-results.js';
import { deadLetterPaths, deadLetterSchemas } from './paths-dead-letters.js';
import { withAsyncCallbackHeader, withColdStart } from './async-extras.js';

const OPENAPI_VERSION = '3.1.0';

/** A fresh document (plain JSON) each call. */
export function buildOpenApiDocument(version = '0.1.0'): Record<string, unknown> {
  const paths: Paths = {
    ...functionPaths, ...statusPaths, ...nodePaths, ...jobPaths, ...dataPaths, ...debugPaths, ...internalPaths,
    ...asyncResultPaths, ...deadLetterPaths,
  };
  // structuredClone: the modules' objects stay untouched by the additions below.
  const document = structuredClone({
    openapi: OPENAPI_VERSION,
    info: {
      title: 'SlimFaas',
      version,
      summary: 'Function-as-a-Service gateway: sync/async calls, events, wake/status, jobs, data, autoscaling debug.',
      description: 'Routes marked `x-internal-only` answer only internal callers (a replica of a `Trusted` function, a job, SlimFaas itself); `x-ports: public` routes answer 404 off the public ports; `x-any-method` routes answer every method the same way.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://127.0.0.1:30020', description: 'Native local mode entrypoint' }],
    tags: ['functions', 'status', 'node', 'jobs', 'data', 'autoscaling', 'internal', 'async results', 'dead letters'].map((name) => ({ name })),
    paths,
    components: { ...components, schemas: { ...components.schemas, ...jobSchemas, ...dataSchemas, ...asyncResultSchemas, ...deadLetterSchemas } },
  });
  withAsyncCallbackHeader(document.paths);
  withColdStart(document.paths);
  return document;
}

/** The document as served and committed: 2-space JSON with a final newline. */
export function openApiJson(version?: string): string {
  return `${JSON.stringify(buildOpenApiDocument(version), null, 2)}\n`;
}

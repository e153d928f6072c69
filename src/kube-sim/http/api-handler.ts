/** The HTTP entry point: optional bearer-token check, discovery, version, health, OpenAPI, then resource requests. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../api/api-error.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery.js';
import { notFoundStatus, sendError, sendJson, sendText } from './http-io.js';
import type { OpenApiV3 } from './openapi.js';
import { parseRoute } from './request-path.js';
import { handleResource, type ResourceDeps } from './resource-handler.js';

export interface ApiHandlerOptions {
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** `host:port` announced in `/api`. */
  serverAddress(): string;
}

export function createApiHandler(deps: ResourceDeps & { openapi: OpenApiV3 }, options: ApiHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
      throw new ApiError(401, 'Unauthorized', 'Unauthorized');
    }
    const url = new URL(req.url ?? '/', 'http://kube-sim');
    const route = parseRoute(url.pathname);
    const get = req.method === 'GET' || req.method === 'HEAD';
    switch (route.kind) {
      case 'resource':
        return handleResource(req, res, route, url.searchParams, deps);
      case 'health':
        return sendText(res, 200, 'ok');
      case 'version':
        return sendJson(res, 200, versionInfo());
      case 'api':
        return sendJson(res, 200, apiVersions(options.serverAddress()));
      case 'apis':
        return sendJson(res, 200, apiGroupList());
      case 'openapiV3Root':
        return sendJson(res, 200, deps.openapi.root());
      case 'openapiV3': {
        const doc = deps.openapi.document(route.path);
        if (!doc || !get) throw notFoundStatus();
        return sendText(res, 200, doc, 'application/json');
      }
      case 'group': {
        const doc = apiGroup(route.group);
        if (!doc) throw notFoundStatus();
        return sendJson(res, 200, doc);
      }
      case 'groupVersion': {
        const doc = apiResourceList(route.group, route.version);
        if (!doc) throw notFoundStatus();
        return sendJson(res, 200, doc);
      }
      default:
        throw notFoundStatus();
    }
  };
  return (req, res) => {
    serve(req, res).catch((err: unknown) => sendError(res, err));
  };
}

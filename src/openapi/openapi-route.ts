/** `GET /openapi.json` on every port (like /health): the document, built once when the route is made. */
import type { ExtraRoute } from '../gateway/http-server.js';
import { drain, send } from '../gateway/http-util.js';
import { openApiJson } from './document.js';

export function openApiRoute(): ExtraRoute {
  const body = openApiJson();
  return {
    path: '/openapi.json',
    methods: new Set(['GET']),
    handle: (req, res) => {
      drain(req);
      send(res, 200, body, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' });
    },
  };
}

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { routeTemplate } from './route-template.js';

describe('route templates kept in http.route.template', () => {
  const table: Array<[string, string | null]> = [
    ['/function/fibonacci/hello/guillaume', '/function/{functionName}/{**functionPath}'],
    ['/function/fibonacci', '/function/{functionName}'],
    ['/function/fibonacci/', '/function/{functionName}'],
    ['/function/', null],
    ['/async-function/fibonacci/x', '/async-function/{functionName}/{**functionPath}'],
    ['/async-function-callback/fibonacci/id/200', '/async-function-callback/{functionName}/{elementId}/{status}'],
    ['/publish-event/reload/hello', '/publish-event/{eventName}/{**functionPath}'],
    ['/status-function/fibonacci', '/status-function/{functionName}'],
    ['/job/daily', '/job/{functionName}'],
    ['/status-functions', null],
    ['/', null],
  ];
  for (const [path, expected] of table) {
    it(`${path} → ${expected}`, () => assert.equal(routeTemplate(path), expected));
  }
});

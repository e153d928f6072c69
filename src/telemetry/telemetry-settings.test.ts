import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadSettings } from '../config/settings.js';
import { DEFAULT_EXCLUDED_URLS, isExcludedPath } from './telemetry-settings.js';

describe('OpenTelemetry settings (platform.md §3.9)', () => {
  const table: Array<[string, Record<string, string>, object]> = [
    ['defaults: off, shipped exclusions', {}, { enable: false, endpoint: '', serviceName: '', enableConsoleExporter: false, excludedUrls: DEFAULT_EXCLUDED_URLS }],
    ['every key, `__` form, case-insensitive', { OpenTelemetry__Enable: 'TRUE', OPENTELEMETRY__ENDPOINT: 'http://collector:4317', opentelemetry__servicename: ' SlimFaas ', OpenTelemetry__EnableConsoleExporter: 'true' }, { enable: true, endpoint: 'http://collector:4317', serviceName: 'SlimFaas', enableConsoleExporter: true, excludedUrls: DEFAULT_EXCLUDED_URLS }],
    ['`:` form', { 'OpenTelemetry:Enable': 'true' }, { enable: true }],
    ['indexed exclusions replace the default', { OpenTelemetry__ExcludedUrls__1: '/b', OpenTelemetry__ExcludedUrls__0: '/a' }, { excludedUrls: ['/a', '/b'] }],
    ['comma-separated exclusions', { OpenTelemetry__ExcludedUrls: '/health, /metrics' }, { excludedUrls: ['/health', '/metrics'] }],
  ];
  for (const [name, env, expected] of table) {
    it(name, () => {
      const otel = loadSettings(env, 'host').openTelemetry;
      for (const [key, value] of Object.entries(expected)) assert.deepEqual((otel as unknown as Record<string, unknown>)[key], value, key);
      assert.ok(Object.isFrozen(otel) && Object.isFrozen(otel.excludedUrls));
    });
  }

  const invalid: Array<[Record<string, string>, RegExp]> = [
    [{ OpenTelemetry__Enable: 'yes' }, /OpenTelemetry:Enable \(OpenTelemetry__Enable\): expected true or false/],
    [{ OpenTelemetry__EnableConsoleExporter: '1' }, /OpenTelemetry__EnableConsoleExporter/],
    [{ OpenTelemetry__Endpoint: 'collector:4317' }, /OpenTelemetry__Endpoint\): expected an absolute http\(s\) URL/],
  ];
  for (const [env, message] of invalid) {
    it(`refuses ${JSON.stringify(env)}`, () => assert.throws(() => loadSettings(env, 'host'), message));
  }
});

describe('excluded URLs: case-insensitive path prefixes', () => {
  const table: Array<[string, readonly string[], boolean]> = [
    ['/health', DEFAULT_EXCLUDED_URLS, true],
    ['/HEALTH', DEFAULT_EXCLUDED_URLS, true],
    ['/healthz', DEFAULT_EXCLUDED_URLS, true],
    ['/slimdata/x', DEFAULT_EXCLUDED_URLS, true],
    ['/status-functions-stream', DEFAULT_EXCLUDED_URLS, true],
    ['/wake-functions', DEFAULT_EXCLUDED_URLS, true],
    ['/status-function/fibonacci', DEFAULT_EXCLUDED_URLS, false],
    ['/function/health', DEFAULT_EXCLUDED_URLS, false],
    ['/async-function/fibonacci', DEFAULT_EXCLUDED_URLS, false],
    ['/health', [], false],
    ['/health', [''], false],
    ['/Function/x', ['/function/'], true],
  ];
  for (const [path, excluded, expected] of table) {
    it(`${path} with ${JSON.stringify(excluded)} → ${expected ? 'excluded' : 'traced'}`, () => assert.equal(isExcludedPath(path, excluded), expected));
  }
});

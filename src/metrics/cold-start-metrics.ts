/** `slimfaas_function_sync_waiting_calls{function}`: sync calls waiting on this node for a function to wake (read at scrape time). */
import client from 'prom-client';
import type { ColdStartAdmission } from '../gateway/cold-start-admission.js';

export function registerSyncWaitingGauge(registry: client.Registry, admission: ColdStartAdmission, functionNames: () => string[]): client.Gauge<'function'> {
  return new client.Gauge({
    name: 'slimfaas_function_sync_waiting_calls',
    help: 'Sync calls waiting on this node for a ready replica (cold start), capped by DefaultSync.MaxPendingWhileWaking',
    labelNames: ['function'],
    registers: [registry],
    collect() {
      this.reset();
      for (const fn of functionNames()) this.set({ function: fn }, admission.count(fn));
    },
  });
}

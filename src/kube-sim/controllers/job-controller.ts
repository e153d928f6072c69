/**
 * Jobs: pods from the template (labels plus `job-name` / `controller-uid`) until `completions` succeed, at most
 * `parallelism` at a time; a failed pod is replaced after a back-off (base × 2^(failures−1), at most 6 min) until
 * failures exceed `backoffLimit` (container restarts count for restartPolicy OnFailure); `activeDeadlineSeconds`,
 * `suspend`; Complete / Failed conditions; deletion `ttlSecondsAfterFinished` after finishing.
 */
import { isControlledBy } from '../api/object-meta.js';
import { TYPES } from '../api/resource-types.js';
import { timestamp } from '../model/time.js';
import type { KubeObject, Pod } from '../model/types.js';
import { hasCondition, setCondition, type Condition } from './conditions.js';
import { compactStatus, watchOwnAndChildren, type Controller, type ControllerContext } from './controller.js';
import { isActive, isReady, podFromTemplate } from './pods.js';
import { objectKeyOf } from './work-queue.js';

const MAX_BACKOFF_MS = 6 * 60 * 1000;

interface Tally {
  succeeded: Set<string>;
  failed: Set<string>;
  lastFailureAt: number;
}

export function startJobController(ctx: ControllerContext, backoffBaseMs: number): Controller {
  const { api } = ctx;
  const tallies = new Map<string, Tally>();
  let queueRef: { addAfter(key: string, ms: number): void } | undefined;

  const finish = (job: KubeObject, conditions: Condition[], type: 'Complete' | 'Failed', reason: string, message: string, now: string): Condition[] => {
    const first = type === 'Complete' ? 'SuccessCriteriaMet' : 'FailureTarget';
    let next = setCondition(conditions, { type: first, status: 'True', reason, message, lastProbeTime: now }, now);
    next = setCondition(next, { type, status: 'True', reason, message, lastProbeTime: now }, now);
    return next;
  };

  const reconcile = (namespace: string | undefined, name: string): void => {
    const job = api.tryGet(TYPES.jobs, namespace, name);
    const key = objectKeyOf(namespace, name);
    if (!job) {
      const live = new Set(api.store.list(TYPES.jobs).map((j) => j.metadata.uid));
      for (const uid of [...tallies.keys()]) if (!live.has(uid)) tallies.delete(uid);
      return;
    }
    const uid = job.metadata.uid!;
    const conditions: Condition[] = job.status?.conditions ?? [];
    const nowMs = Date.now();
    if (hasCondition(conditions, 'Complete') || hasCondition(conditions, 'Failed')) {
      const ttl: number | undefined = job.spec.ttlSecondsAfterFinished;
      if (ttl === undefined || ttl === null || job.metadata.deletionTimestamp) return;
      const finishedAt = Date.parse(job.status?.completionTime ?? conditions.find((c) => c.type === 'Failed')?.lastTransitionTime ?? '') || nowMs;
      const due = finishedAt + ttl * 1000 - nowMs;
      if (due <= 0) api.delete(TYPES.jobs, namespace, name, { propagationPolicy: 'Background' });
      else queueRef?.addAfter(key, due);
      return;
    }
    if (job.metadata.deletionTimestamp) return;
    const tally = tallies.get(uid) ?? { succeeded: new Set(), failed: new Set(), lastFailureAt: 0 };
    tallies.set(uid, tally);
    const pods = api.store.list(TYPES.pods, namespace).filter((p) => isControlledBy(p, uid));
    for (const pod of pods) {
      const podUid = pod.metadata.uid!;
      if (pod.status?.phase === 'Succeeded') tally.succeeded.add(podUid);
      if (pod.status?.phase === 'Failed' && !tally.failed.has(podUid)) {
        tally.failed.add(podUid);
        tally.lastFailureAt = nowMs;
      }
    }
    let active = pods.filter(isActive);
    const restarts = job.spec.template.spec.restartPolicy === 'OnFailure'
      ? active.reduce((s, p) => s + ((p as Pod).status?.containerStatuses ?? []).reduce((n, c) => n + c.restartCount, 0), 0)
      : 0;
    const succeeded = tally.succeeded.size;
    const failed = tally.failed.size;
    const now = timestamp(nowMs);
    const startTime: string = job.status?.startTime ?? now;
    const completions: number | null | undefined = job.spec.completions;
    const parallelism: number = job.spec.parallelism ?? 1;
    let nextConditions = conditions;
    let completionTime: string | undefined;
    const stopActive = (): void => {
      for (const pod of active) api.delete(TYPES.pods, namespace, pod.metadata.name!);
      active = [];
    };
    const deadline: number | undefined = job.spec.activeDeadlineSeconds;
    if (job.spec.suspend) {
      stopActive();
      nextConditions = setCondition(nextConditions, { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', lastProbeTime: now }, now);
    } else if (failed + restarts > (job.spec.backoffLimit ?? 6)) {
      stopActive();
      nextConditions = finish(job, nextConditions, 'Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', now);
    } else if (deadline !== undefined && nowMs - Date.parse(startTime) >= deadline * 1000) {
      stopActive();
      nextConditions = finish(job, nextConditions, 'Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline', now);
    } else if ((completions != null && succeeded >= completions) || (completions == null && succeeded > 0 && active.length === 0)) {
      stopActive();
      nextConditions = finish(job, nextConditions, 'Complete', 'CompletionsReached', 'Reached expected number of succeeded pods', now);
      completionTime = now;
    } else {
      if (hasCondition(nextConditions, 'Suspended')) {
        nextConditions = setCondition(nextConditions, { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed', lastProbeTime: now }, now);
      }
      const want = completions != null ? Math.min(parallelism, completions - succeeded) : succeeded > 0 ? 0 : parallelism;
      if (active.length < want) {
        const wait = failed > 0 ? Math.min(MAX_BACKOFF_MS, backoffBaseMs * 2 ** (failed - 1)) - (nowMs - tally.lastFailureAt) : 0;
        if (wait > 0) queueRef?.addAfter(key, wait);
        else {
          for (let i = active.length; i < want; i++) {
            active.push(api.create(TYPES.pods, namespace, podFromTemplate(job.spec.template, { ownerType: TYPES.jobs, owner: job, generateName: `${name}-` })));
          }
        }
      } else if (active.length > want) {
        for (const pod of active.slice(want)) api.delete(TYPES.pods, namespace, pod.metadata.name!);
        active = active.slice(0, want);
      }
      if (deadline !== undefined) queueRef?.addAfter(key, Date.parse(startTime) + deadline * 1000 - nowMs);
    }
    const terminating = pods.filter((p) => p.metadata.deletionTimestamp).length;
    api.mutate(TYPES.jobs, namespace, name, (obj) => {
      obj.status = compactStatus(
        {
          ...(nextConditions.length ? { conditions: nextConditions } : {}),
          startTime: job.spec.suspend && !job.status?.startTime ? undefined : startTime,
          completionTime: completionTime ?? obj.status?.completionTime,
          active: active.length,
          succeeded,
          failed,
          terminating,
          uncountedTerminatedPods: {},
          ready: active.filter(isReady).length,
        },
        ['active', 'succeeded', 'failed'],
      );
    });
    if (completionTime || hasCondition(nextConditions, 'Failed')) queueRef?.addAfter(key, 0);
  };
  const wired = watchOwnAndChildren(ctx, TYPES.jobs, [TYPES.pods], reconcile);
  queueRef = wired.queue;
  return wired;
}

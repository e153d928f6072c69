/**
 * Command line and environment of one job attempt (platform.md §2.4.11): the manifest command plus
 * the run's arguments (the executable never comes from the request), the supervisor environment,
 * the manifest job's variables, the request's literal variables only (never those that steer the
 * loader or a runtime: `PATH`, `LD_PRELOAD`, `NODE_OPTIONS`…), then the two SLIMFAAS_JOB_*
 * variables; entrypoint URLs in arguments and values go through `rewrite`.
 */
import type { LocalJob } from '../../config/manifest/types.js';
import type { JobEnvironmentEntry, JobRunSpec } from '../jobs.js';

export interface JobLaunch {
  command: string[];
  env: NodeJS.ProcessEnv;
}

/** A variable with no reference (secret, config map, field, resource) and a name a process environment can hold. */
function isLiteral(entry: JobEnvironmentEntry): boolean {
  if (entry.SecretRef || entry.ConfigMapRef || entry.FieldRef || entry.ResourceFieldRef) return false;
  return typeof entry.Name === 'string' && /^[^=\0]+$/.test(entry.Name) && !(entry.Value ?? '').includes('\0');
}

/**
 * Variables a request may not set on a host process: they choose which executable runs (`PATH`)
 * or make the loader or a runtime load other code (`LD_PRELOAD`, `NODE_OPTIONS`, …), which would
 * let a caller change what runs although the command is the manifest's.
 */
const HOST_CONTROL = /^(PATH|LD_.*|DYLD_.*|NODE_OPTIONS|NODE_PATH|BASH_ENV|ENV|SHELLOPTS|PS4|PYTHON(STARTUP|PATH|HOME|INSPECT)|PERL5(OPT|LIB)|PERLLIB|RUBY(OPT|LIB)|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS|DOTNET_STARTUP_HOOKS|SLIMFAAS_.*)$/i;

export function isRequestSettable(name: string): boolean {
  return !HOST_CONTROL.test(name);
}

export function jobLaunchOf(
  job: LocalJob,
  run: JobRunSpec,
  rewrite: (text: string) => string,
  base: NodeJS.ProcessEnv = process.env,
): JobLaunch {
  const [executable = '', ...manifestArgs] = job.command;
  const args = [...manifestArgs, ...(run.args ?? [])].map(rewrite);
  const env: NodeJS.ProcessEnv = { ...base, ...job.environment };
  for (const entry of run.environment) if (isLiteral(entry) && isRequestSettable(entry.Name)) env[entry.Name] = entry.Value ?? '';
  env.SLIMFAAS_JOB_NAME = job.name;
  env.SLIMFAAS_JOB_RUN_NAME = run.name;
  for (const [name, value] of Object.entries(env)) if (value !== undefined) env[name] = rewrite(value);
  return { command: [executable, ...args], env };
}

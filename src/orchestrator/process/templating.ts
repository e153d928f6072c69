/** Substitutes `{port}` / `{replica}` placeholders and builds child environments exactly as §2.4.6 and §2.4.9 prescribe. */

export interface PlaceholderValues {
  port?: number | null;
  replica?: number;
}

/** Replaces every `{port}` (when a port is known) and `{replica}` (when given) in `text`. */
export function substitute(text: string, values: PlaceholderValues): string {
  let out = text;
  if (values.port !== undefined && values.port !== null) out = out.split('{port}').join(String(values.port));
  if (values.replica !== undefined) out = out.split('{replica}').join(String(values.replica));
  return out;
}

/** Applies `substitute` to every value of a string map (keys are left untouched). */
export function substituteRecord(
  record: Record<string, string>,
  values: PlaceholderValues,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) out[key] = substitute(value, values);
  return out;
}

/**
 * Environment of a function replica: the supervisor's environment, then `PORT`, `SLIMFAAS_PORT`,
 * `SLIMFAAS_REPLICA_INDEX` and `ASPNETCORE_URLS`, then the function's own (substituted) variables,
 * which win when they define the same names.
 */
export function functionEnvironment(
  own: Record<string, string>,
  port: number,
  replica: number,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  return {
    ...base,
    PORT: String(port),
    SLIMFAAS_PORT: String(port),
    SLIMFAAS_REPLICA_INDEX: String(replica),
    ASPNETCORE_URLS: `http://127.0.0.1:${port}`,
    ...substituteRecord(own, { port, replica }),
  };
}

/** Environment of an auxiliary process: supervisor environment, `PORT` when a port is configured, then its own variables. */
export function processEnvironment(
  own: Record<string, string>,
  port: number | null,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  if (port !== null) env.PORT = String(port);
  return { ...env, ...substituteRecord(own, { port }) };
}

/**
 * The route template a request path matched (upstream's ASP.NET route patterns), kept in
 * `http.route.template` and used as the low-cardinality `http.route` of metrics; null when the
 * path is its own template (an exact route). Pure.
 */

const NAMED: ReadonlyArray<[prefix: string, withPath: string, bare: string]> = [
  ['/function/', '/function/{functionName}/{**functionPath}', '/function/{functionName}'],
  ['/async-function/', '/async-function/{functionName}/{**functionPath}', '/async-function/{functionName}'],
  ['/async-function-callback/', '/async-function-callback/{functionName}/{elementId}/{status}', '/async-function-callback/{functionName}'],
  ['/publish-event/', '/publish-event/{eventName}/{**functionPath}', '/publish-event/{eventName}'],
  ['/wake-function/', '/wake-function/{functionName}', '/wake-function/{functionName}'],
  ['/status-function/', '/status-function/{functionName}', '/status-function/{functionName}'],
  ['/job/', '/job/{functionName}/{**functionPath}', '/job/{functionName}'],
  ['/job-schedules/', '/job-schedules/{functionName}/{**path}', '/job-schedules/{functionName}'],
  ['/data/files/', '/data/files/{id}', '/data/files/{id}'],
  ['/data/sets/', '/data/sets/{id}', '/data/sets/{id}'],
  ['/data/hashsets/', '/data/hashsets/{id}', '/data/hashsets/{id}'],
  ['/logs/', '/logs/{functionName}', '/logs/{functionName}'],
];

export function routeTemplate(path: string): string | null {
  for (const [prefix, withPath, bare] of NAMED) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (rest === '') return null;
    return slash < 0 || slash === rest.length - 1 ? bare : withPath;
  }
  return null;
}

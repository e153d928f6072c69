/**
 * Rewrites every `http://` / `ws://` URL aimed at the entrypoint port on `127.0.0.1`, `localhost` or
 * `[::1]` to the job run's own gateway (platform.md §2.4.11); every other text is left byte for byte.
 */

/**
 * scheme (not preceded by a scheme character, so `xhttp://` and `https://` never match), optional
 * userinfo, one of the three loopback spellings, optional port. After the port no digit or `@` may
 * follow (`:30020@evil` is userinfo); without a port the authority must end there.
 */
const LOOPBACK_URL =
  /(?<![A-Za-z0-9+.-])(http|ws):\/\/([^\s/?#@\\[\]]*@)?(127\.0\.0\.1|localhost|\[::1\])(?::(\d{1,5})(?![\d@])|(?=$|[/?#\\\s"'<>,;]))/gi;

const DEFAULT_PORT = 80;

/** `text` with each URL targeting `entrypointPort` on loopback redirected to `127.0.0.1:<gatewayPort>`. */
export function rewriteEntrypointUrls(text: string, entrypointPort: number, gatewayPort: number): string {
  if (!text.includes('://')) return text;
  return text.replace(LOOPBACK_URL, (match, scheme: string, userinfo: string | undefined, _host: string, port?: string) => {
    const target = port === undefined ? DEFAULT_PORT : Number(port);
    if (target !== entrypointPort) return match;
    return `${scheme}://${userinfo ?? ''}127.0.0.1:${gatewayPort}`;
  });
}

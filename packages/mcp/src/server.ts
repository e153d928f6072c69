import http from "node:http";
import { Agent, fetch as undiciFetch } from "undici";
import { Ajv, type ValidateFunction } from "ajv";
import { applyPrompt, buildTools, parseOpenApi, type Tool } from "./openapi.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface McpSettings {
  /** Default OpenAPI URL / base URL when the request gives none. */
  openapiUrl?: string;
  baseUrl?: string;
  /** Minutes; 0 disables the cache. Default 20. */
  cacheExpirationMinutes?: number;
  /** TLS verification of fetched APIs (default true; upstream does not verify). */
  tlsVerify?: boolean;
  /**
   * When set, only URLs matching one of these prefixes may be fetched (SSRF guard). Compared as URLs,
   * not as strings: the same origin (scheme, host, port) as the prefix and a path starting with its
   * path, so `http://a.com` allows `http://a.com/x` but not `http://a.com.evil/` or `http://a.com:81/`.
   */
  allowedUrlPrefixes?: string[];
  metaHeaderMapping?: Record<string, string>;
  cors?: { origins: string[]; methods: string[]; headers: string[]; expose: string[]; credentials: boolean; maxAgeMinutes: number };
  now?: () => number;
}

/**
 * The tools built from one document for one (tool_prefix, structured_content), with their compiled
 * argument validators (kept only while `keep`: the entry is in the cache).
 */
interface View { tools: Tool[]; validators: Map<string, ValidateFunction>; keep: boolean }
/** One fetched document (parsed once) and the views built from it; they expire together. */
interface CacheEntry { doc: Json; lastAccess: number; views: Map<string, View>; cached: boolean }

export function createMcpServer(settings: McpSettings = {}): http.Server {
  const now = settings.now ?? Date.now;
  const cache = new Map<string, CacheEntry>();
  const dispatcher = settings.tlsVerify === false ? new Agent({ connect: { rejectUnauthorized: false } }) : undefined;
  const meta = settings.metaHeaderMapping ?? { authToken: "Authorization" };
  const cors = settings.cors ?? { origins: [], methods: ["*"], headers: ["*"], expose: ["WWW-Authenticate"], credentials: true, maxAgeMinutes: 60 };
  const ajv = new Ajv({ allErrors: true, strict: false });
  // Allow-list prefixes as URLs (one that does not parse allows nothing).
  const allowed = (settings.allowedUrlPrefixes ?? []).map((p) => { try { return new URL(p); } catch { return null; } });

  function checkUrl(u: string): void {
    let url: URL;
    try { url = new URL(u); } catch { throw new Error(`invalid URL: ${u}`); }
    if (!["http:", "https:"].includes(url.protocol)) throw new Error(`unsupported URL scheme: ${url.protocol}`);
    if (allowed.length && !allowed.some((p) => p !== null && url.origin === p.origin && url.pathname.startsWith(p.pathname)))
      throw new Error(`URL not allowed by the allow-list: ${u}`);
  }

  /** Drops an entry leaving the cache: its validators leave ajv's cache (keyed by the schema object). */
  function release(entry: CacheEntry): void {
    for (const view of entry.views.values()) {
      view.keep = false;
      for (const validate of view.validators.values()) ajv.removeSchema(validate.schema);
      view.validators.clear();
    }
  }

  async function loadDoc(url: string, minutes: number): Promise<CacheEntry> {
    const hit = cache.get(url);
    // Sliding expiration, measured with the expiration of the current request.
    if (hit && minutes > 0 && now() - hit.lastAccess < minutes * 60000) { hit.lastAccess = now(); return hit; }
    checkUrl(url);
    let res: Response;
    try { res = (await undiciFetch(url, { dispatcher } as Json)) as unknown as Response; }
    catch (e) { throw new Error(`cannot fetch OpenAPI document ${url}: ${(e as Error).message}`); }
    if (!res.ok) throw new Error(`cannot fetch OpenAPI document ${url}: HTTP ${res.status}`);
    const entry: CacheEntry = { doc: parseOpenApi(await res.text()), lastAccess: now(), views: new Map(), cached: minutes > 0 };
    const old = cache.get(url);
    if (old) release(old);
    if (minutes > 0) cache.set(url, entry);
    else cache.delete(url);
    return entry;
  }

  interface Ctx { q: URLSearchParams; headers: http.IncomingHttpHeaders }
  function opt(ctx: Ctx, name: string): string | undefined {
    return ctx.q.get(name) ?? (ctx.headers[`x-${name.replace(/_/g, "-")}`] as string | undefined) ?? undefined;
  }
  async function tools(ctx: Ctx): Promise<{ tools: Tool[]; base: string; view: View }> {
    const url = opt(ctx, "openapi_url") ?? settings.openapiUrl;
    if (!url) throw new Error("openapi_url is required (query parameter, X-Openapi-Url header or --openapi-url)");
    const ce = opt(ctx, "cache_expiration");
    const minutes = ce !== undefined && ce !== "" && !Number.isNaN(Number(ce)) ? Number(ce) : settings.cacheExpirationMinutes ?? 20;
    const entry = await loadDoc(url, minutes);
    const doc = entry.doc;
    const prefix = opt(ctx, "tool_prefix");
    const structured = opt(ctx, "structured_content") === "true";
    const key = `${prefix ?? ""}\u0000${structured}`;
    let view = entry.views.get(key);
    if (!view) {
      view = { tools: buildTools(doc, { prefix, structured }), validators: new Map(), keep: entry.cached };
      entry.views.set(key, view);
    }
    // applyPrompt overrides fields in place: it works on copies, the cached view stays as built.
    const prompt = opt(ctx, "mcp_prompt");
    const list = prompt ? applyPrompt(view.tools.map((t) => ({ ...t })), prompt) : view.tools;
    let base = opt(ctx, "base_url") ?? settings.baseUrl ?? doc.servers?.[0]?.url ?? "";
    if (!/^https?:/.test(base)) base = new URL(base || "/", url).toString();
    return { tools: list, base: base.replace(/\/$/, ""), view };
  }

  /** Validates `args` against the tool's input schema; the error text, or undefined when valid. */
  function invalidArgs(view: View, tool: Tool, args: Json): string | undefined {
    const built = view.tools.find((t) => t.name === tool.name);
    if (view.keep && built && built.inputSchema === tool.inputSchema) {
      let validate = view.validators.get(tool.name);
      if (!validate) { validate = ajv.compile(tool.inputSchema); view.validators.set(tool.name, validate); }
      return validate(args) ? undefined : ajv.errorsText(validate.errors);
    }
    // A schema given by mcp_prompt (a new object per request) or of an uncached document: compiled for
    // this call, then removed from ajv's cache, which is keyed by the schema object and would grow forever.
    try {
      const validate = ajv.compile(tool.inputSchema);
      return validate(args) ? undefined : ajv.errorsText(validate.errors);
    } finally { ajv.removeSchema(tool.inputSchema); }
  }

  async function call(ctx: Ctx, name: string, args: Json, metaIn: Json): Promise<{ result: Json } | { invalid: string }> {
    const { tools: list, base, view } = await tools(ctx);
    const tool = list.find((t) => t.name === name);
    if (!tool) return { invalid: `Unknown tool: ${name}` };
    args = args ?? {};
    const invalid = invalidArgs(view, tool, args);
    if (invalid !== undefined) return { invalid: `Invalid arguments for ${name}: ${invalid}` };
    let path = tool.path;
    const qs = new URLSearchParams();
    const headers: Record<string, string> = {};
    for (const p of tool.params) {
      const v = args[p.name];
      if (v === undefined) continue;
      if (p.in === "path") path = path.replace(`{${p.name}}`, encodeURIComponent(String(v)));
      else if (p.in === "query") qs.append(p.name, typeof v === "object" ? JSON.stringify(v) : String(v));
      else headers[p.name] = String(v);
    }
    const auth = authOf(ctx.headers, metaIn);
    if (auth) headers.authorization = auth;
    if (ctx.headers.dpop) headers.dpop = String(ctx.headers.dpop);
    for (const [k, h] of Object.entries(meta)) if (metaIn?.[k] !== undefined && h.toLowerCase() !== "authorization") headers[h] = String(metaIn[k]);
    let body: string | undefined;
    if (tool.hasBody && args.body !== undefined) { body = JSON.stringify(args.body); headers["content-type"] = "application/json"; }
    const target = `${base}${path}${qs.size ? `?${qs}` : ""}`;
    checkUrl(target);
    const res = (await undiciFetch(target, { method: tool.method, headers, body, dispatcher } as Json)) as unknown as Response;
    const text = await res.text();
    const result: Json = { content: [{ type: "text", text }], isError: !res.ok };
    if (tool.outputSchema) { try { result.structuredContent = JSON.parse(text); } catch { /* not JSON */ } }
    return { result };
  }

  function authOf(h: http.IncomingHttpHeaders, metaIn: Json): string | undefined {
    for (const [k, hn] of Object.entries(meta)) {
      if (hn.toLowerCase() === "authorization" && metaIn?.[k]) {
        const v = String(metaIn[k]);
        return v.startsWith("Bearer ") || v.startsWith("DPoP ") ? v : `Bearer ${v}`;
      }
    }
    return h.authorization ? String(h.authorization) : undefined;
  }

  function originAllowed(o: string): boolean {
    return cors.origins.some((p) => {
      if (p === "*") return true;
      const re = new RegExp("^" + p.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*") + "$");
      const host = o.replace(/^https?:\/\//, "");
      return re.test(o) || re.test(host);
    });
  }

  return http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const ctx: Ctx = { q: url.searchParams, headers: req.headers };
    res.setHeader("cache-control", "no-store, no-cache, must-revalidate");
    const origin = req.headers.origin;
    if (origin && originAllowed(origin)) {
      res.setHeader("access-control-allow-origin", origin);
      res.setHeader("vary", "Origin");
      if (cors.credentials) res.setHeader("access-control-allow-credentials", "true");
      res.setHeader("access-control-expose-headers", cors.expose.join(","));
      if (req.method === "OPTIONS") {
        res.setHeader("access-control-allow-methods", cors.methods.includes("*") ? String(req.headers["access-control-request-method"] ?? "*") : cors.methods.join(","));
        res.setHeader("access-control-allow-headers", cors.headers.includes("*") ? String(req.headers["access-control-request-headers"] ?? "*") : cors.headers.join(","));
        res.setHeader("access-control-max-age", String(cors.maxAgeMinutes * 60));
        res.writeHead(204).end();
        return;
      }
    }
    const send = (status: number, body: unknown, type = "application/json") => {
      res.writeHead(status, { "content-type": type });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        if (url.pathname === "/health") return send(200, "OK", "text/plain");
        const wk = url.pathname.match(/^\/([^/]+)\/\.well-known\/oauth-protected-resource$/);
        if (wk) {
          try { return send(200, JSON.parse(Buffer.from(decodeURIComponent(wk[1]!), "base64").toString("utf8"))); }
          catch { return send(400, { error: "invalid oauth metadata" }); }
        }
        if (url.pathname === "/.well-known/oauth-protected-resource") return send(404, { error: "missing oauth segment" });
        if (url.pathname === "/tools" && req.method === "GET") {
          try { const t = await tools(ctx); return send(200, t.tools.map(publicTool)); }
          catch (e) { return send(400, { error: (e as Error).message }); }
        }
        const tm = url.pathname.match(/^\/tools\/([^/]+)$/);
        if (tm && req.method === "POST") {
          try {
            const r = await call(ctx, decodeURIComponent(tm[1]!), raw ? JSON.parse(raw) : {}, undefined);
            return "invalid" in r ? send(400, { error: r.invalid }) : send(200, r.result);
          } catch (e) { return send(400, { error: (e as Error).message }); }
        }
        if (url.pathname === "/mcp") {
          if (req.method !== "POST") return send(405, { error: "Method not allowed" });
          let msg: Json;
          try { msg = JSON.parse(raw); } catch { return send(400, { jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } }); }
          const id = msg?.id ?? null;
          const oauth = ctx.q.get("oauth");
          if (oauth && !authOf(req.headers, msg?.params?._meta)) {
            res.setHeader("www-authenticate", `Bearer resource_metadata="https://${req.headers.host}/${oauth}/.well-known/oauth-protected-resource"`);
            return send(401, { jsonrpc: "2.0", id, error: { code: -32001, message: "Unauthorized" } });
          }
          const ok = (result: Json) => send(200, { jsonrpc: "2.0", id, result });
          const err = (code: number, message: string) => send(200, { jsonrpc: "2.0", id, error: { code, message } });
          if (msg?.id === undefined && typeof msg?.method === "string" && msg.method.startsWith("notifications/")) { res.writeHead(202).end(); return; }
          try {
            switch (msg?.method) {
              case "initialize":
                return ok({ protocolVersion: "2025-06-18", serverInfo: { name: "SlimFaas MCP", version: "0.1.0" }, capabilities: { tools: { listChanged: false } } });
              case "ping": return ok({});
              case "tools/list": return ok({ tools: (await tools(ctx)).tools.map(publicTool) });
              case "tools/call": {
                if (!msg.params || typeof msg.params.name !== "string") return err(-32602, "Invalid params: tools/call needs params.name");
                const r = await call(ctx, msg.params.name, msg.params.arguments, msg.params._meta);
                return "invalid" in r ? err(-32602, r.invalid) : ok(r.result);
              }
              default: return err(-32601, "Method not found");
            }
          } catch (e) { return err(-32603, (e as Error).message); }
        }
        return send(404, { error: "Not found" });
      })().catch((e) => { if (!res.headersSent) send(500, { error: String(e) }); });
    });
  });
}

function publicTool(t: Tool): Json {
  return { name: t.name, description: t.description, inputSchema: t.inputSchema, ...(t.outputSchema ? { outputSchema: t.outputSchema } : {}) };
}

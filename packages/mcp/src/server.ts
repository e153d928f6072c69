import http from "node:http";
import { Agent, fetch as undiciFetch } from "undici";
import { Ajv } from "ajv";
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
  /** When set, only URLs whose origin starts with one of these prefixes may be fetched (SSRF guard). */
  allowedUrlPrefixes?: string[];
  metaHeaderMapping?: Record<string, string>;
  cors?: { origins: string[]; methods: string[]; headers: string[]; expose: string[]; credentials: boolean; maxAgeMinutes: number };
  now?: () => number;
}

interface CacheEntry { text: string; lastAccess: number }

export function createMcpServer(settings: McpSettings = {}): http.Server {
  const now = settings.now ?? Date.now;
  const cache = new Map<string, CacheEntry>();
  const dispatcher = settings.tlsVerify === false ? new Agent({ connect: { rejectUnauthorized: false } }) : undefined;
  const meta = settings.metaHeaderMapping ?? { authToken: "Authorization" };
  const cors = settings.cors ?? { origins: [], methods: ["*"], headers: ["*"], expose: ["WWW-Authenticate"], credentials: true, maxAgeMinutes: 60 };
  const ajv = new Ajv({ allErrors: true, strict: false });

  function checkUrl(u: string): void {
    let url: URL;
    try { url = new URL(u); } catch { throw new Error(`invalid URL: ${u}`); }
    if (!["http:", "https:"].includes(url.protocol)) throw new Error(`unsupported URL scheme: ${url.protocol}`);
    if (settings.allowedUrlPrefixes?.length && !settings.allowedUrlPrefixes.some((p) => u.startsWith(p)))
      throw new Error(`URL not allowed by the allow-list: ${u}`);
  }

  async function loadDoc(url: string, minutes: number): Promise<Json> {
    const hit = cache.get(url);
    // Sliding expiration, measured with the expiration of the current request.
    if (hit && minutes > 0 && now() - hit.lastAccess < minutes * 60000) { hit.lastAccess = now(); return parseOpenApi(hit.text); }
    checkUrl(url);
    let res: Response;
    try { res = (await undiciFetch(url, { dispatcher } as Json)) as unknown as Response; }
    catch (e) { throw new Error(`cannot fetch OpenAPI document ${url}: ${(e as Error).message}`); }
    if (!res.ok) throw new Error(`cannot fetch OpenAPI document ${url}: HTTP ${res.status}`);
    const text = await res.text();
    parseOpenApi(text);
    if (minutes > 0) cache.set(url, { text, lastAccess: now() });
    else cache.delete(url);
    return parseOpenApi(text);
  }

  interface Ctx { q: URLSearchParams; headers: http.IncomingHttpHeaders }
  function opt(ctx: Ctx, name: string): string | undefined {
    return ctx.q.get(name) ?? (ctx.headers[`x-${name.replace(/_/g, "-")}`] as string | undefined) ?? undefined;
  }
  async function tools(ctx: Ctx): Promise<{ tools: Tool[]; base: string }> {
    const url = opt(ctx, "openapi_url") ?? settings.openapiUrl;
    if (!url) throw new Error("openapi_url is required (query parameter, X-Openapi-Url header or --openapi-url)");
    const ce = opt(ctx, "cache_expiration");
    const minutes = ce !== undefined && ce !== "" && !Number.isNaN(Number(ce)) ? Number(ce) : settings.cacheExpirationMinutes ?? 20;
    const doc = await loadDoc(url, minutes);
    const list = applyPrompt(buildTools(doc, { prefix: opt(ctx, "tool_prefix"), structured: opt(ctx, "structured_content") === "true" }), opt(ctx, "mcp_prompt"));
    let base = opt(ctx, "base_url") ?? settings.baseUrl ?? doc.servers?.[0]?.url ?? "";
    if (!/^https?:/.test(base)) base = new URL(base || "/", url).toString();
    return { tools: list, base: base.replace(/\/$/, "") };
  }

  async function call(ctx: Ctx, name: string, args: Json, metaIn: Json): Promise<{ result: Json } | { invalid: string }> {
    const { tools: list, base } = await tools(ctx);
    const tool = list.find((t) => t.name === name);
    if (!tool) return { invalid: `Unknown tool: ${name}` };
    args = args ?? {};
    const validate = ajv.compile(tool.inputSchema);
    if (!(validate as (d: unknown) => boolean)(args)) return { invalid: `Invalid arguments for ${name}: ${ajv.errorsText(validate.errors)}` };
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

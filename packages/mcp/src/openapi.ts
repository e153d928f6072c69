import { parse as parseYaml } from "yaml";

export interface Tool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  method: string;
  path: string;
  params: { name: string; in: string }[];
  hasBody: boolean;
}

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Parses JSON or YAML text and checks it is an OpenAPI v3 document. */
export function parseOpenApi(text: string): Json {
  let doc: Json;
  try { doc = JSON.parse(text); } catch {
    try { doc = parseYaml(text); } catch { throw new Error("document is neither JSON nor YAML"); }
  }
  if (!doc || typeof doc !== "object" || typeof doc.openapi !== "string" || !doc.openapi.startsWith("3"))
    throw new Error("document is not an OpenAPI v3 document (missing 'openapi: 3.x')");
  if (!doc.paths || typeof doc.paths !== "object") throw new Error("OpenAPI document has no 'paths'");
  return doc;
}

/** Expands local `$ref`s; a cycle is replaced by `{}` (any). */
export function expandRefs(root: Json, node: Json, seen: string[] = [], depth = 0): Json {
  if (depth > 64 || node === null || typeof node !== "object") return node;
  if (Array.isArray(node)) return node.map((n) => expandRefs(root, n, seen, depth + 1));
  if (typeof node.$ref === "string") {
    const ref: string = node.$ref;
    if (seen.includes(ref) || !ref.startsWith("#/")) return {};
    let target: Json = root;
    for (const part of ref.slice(2).split("/")) target = target?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    if (target === undefined) return {};
    return expandRefs(root, target, [...seen, ref], depth + 1);
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) out[k] = expandRefs(root, v, seen, depth + 1);
  return out;
}

const METHODS = ["get", "post", "put", "patch", "delete", "head", "options"];
const KEEP = new Set(["type", "properties", "items", "required", "enum", "description", "format", "default",
  "additionalProperties", "oneOf", "anyOf", "allOf", "minimum", "maximum", "minLength", "maxLength", "pattern",
  "minItems", "maxItems", "title", "const"]);

/** Keeps JSON-Schema keywords only (drops OpenAPI-only ones like `example`, `xml`, `readOnly`). */
export function sanitize(s: Json): Json {
  if (s === null || typeof s !== "object") return s;
  if (Array.isArray(s)) return s.map(sanitize);
  const out: Json = {};
  for (const [k, v] of Object.entries(s)) {
    if (!KEEP.has(k)) continue;
    if (k === "properties") {
      out.properties = {};
      for (const [p, ps] of Object.entries(v as Json)) out.properties[p] = sanitize(ps);
    } else out[k] = typeof v === "object" ? sanitize(v) : v;
  }
  if (s.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  return out;
}

export function toolName(method: string, path: string, prefix?: string): string {
  const n = method.toLowerCase() + path.replace(/\//g, "_").replace(/[{}]/g, "");
  return prefix ? `${prefix}_${n}` : n;
}

export function buildTools(raw: Json, opts: { prefix?: string; structured?: boolean } = {}): Tool[] {
  const doc = expandRefs(raw, raw);
  const tools: Tool[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    if (!item || typeof item !== "object") continue;
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const properties: Json = {};
      const required: string[] = [];
      const params: { name: string; in: string }[] = [];
      for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        if (!p?.name || !["path", "query", "header"].includes(p.in)) continue;
        params.push({ name: p.name, in: p.in });
        properties[p.name] = { ...sanitize(p.schema ?? { type: "string" }), ...(p.description ? { description: p.description } : {}) };
        if (p.required || p.in === "path") required.push(p.name);
      }
      let hasBody = false;
      const content = op.requestBody?.content;
      if (content) {
        const media = content["application/json"] ?? Object.values(content)[0];
        hasBody = true;
        properties.body = sanitize((media as Json)?.schema ?? {});
        if (op.requestBody.required) required.push("body");
      }
      const tool: Tool = {
        name: toolName(m, path, opts.prefix),
        description: op.summary ?? op.description ?? `${m.toUpperCase()} ${path}`,
        inputSchema: { type: "object", properties, ...(required.length ? { required } : {}) },
        method: m.toUpperCase(), path, params, hasBody,
      };
      if (opts.structured) {
        const r = op.responses?.["200"] ?? op.responses?.default;
        const s = r?.content?.["application/json"]?.schema;
        if (s) tool.outputSchema = sanitize(s);
      }
      tools.push(tool);
    }
  }
  return tools;
}

export interface McpPrompt {
  activeTools?: string[];
  tools?: { name: string; description?: string; inputSchema?: Json; outputSchema?: Json }[];
}

/** Applies a base64 JSON `mcp_prompt`: filters by `activeTools`, overrides descriptions/schemas. */
export function applyPrompt(tools: Tool[], b64?: string | null): Tool[] {
  if (!b64) return tools;
  let p: McpPrompt;
  try { p = JSON.parse(Buffer.from(b64, "base64").toString("utf8")); } catch { throw new Error("mcp_prompt is not base64-encoded JSON"); }
  let out = tools;
  if (Array.isArray(p.activeTools) && p.activeTools.length) out = out.filter((t) => p.activeTools!.includes(t.name));
  for (const o of p.tools ?? []) {
    const t = out.find((x) => x.name === o.name);
    if (!t) continue;
    if (o.description) t.description = o.description;
    if (o.inputSchema) t.inputSchema = o.inputSchema;
    if (o.outputSchema) t.outputSchema = o.outputSchema;
  }
  return out;
}

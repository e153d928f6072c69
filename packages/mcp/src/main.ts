#!/usr/bin/env node
import { parseArgs } from "node:util";
import { createMcpServer } from "./server.js";

const { values } = parseArgs({ options: {
  port: { type: "string", default: process.env.PORT ?? "8080" },
  host: { type: "string", default: "127.0.0.1" },
  "openapi-url": { type: "string" }, "base-url": { type: "string" },
  "cache-expiration": { type: "string" }, "insecure-tls": { type: "boolean", default: false },
  "allow-url": { type: "string", multiple: true },
} });
const csv = (v?: string) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : undefined);
const server = createMcpServer({
  openapiUrl: values["openapi-url"], baseUrl: values["base-url"],
  cacheExpirationMinutes: values["cache-expiration"] !== undefined ? Number(values["cache-expiration"]) : undefined,
  tlsVerify: !(values["insecure-tls"] || process.env.SLIMFAAS_MCP_INSECURE_TLS === "true"),
  allowedUrlPrefixes: values["allow-url"] ?? csv(process.env.SLIMFAAS_MCP_ALLOWED_URLS),
  metaHeaderMapping: process.env.MCP_META_HEADER_MAPPING ? JSON.parse(process.env.MCP_META_HEADER_MAPPING) : undefined,
  cors: {
    origins: csv(process.env.CORS_ORIGINS) ?? [], methods: csv(process.env.CORS_METHODS) ?? ["*"],
    headers: csv(process.env.CORS_HEADERS) ?? ["*"], expose: csv(process.env.CORS_EXPOSE) ?? ["WWW-Authenticate"],
    credentials: process.env.CORS_CREDENTIALS !== "false", maxAgeMinutes: Number(process.env.CORS_MAXAGEMINUTES ?? 60),
  },
});
server.listen(Number(values.port), values.host, () => {
  const a = server.address();
  console.log(`slimfaas-mcp listening on http://${values.host}:${typeof a === "object" && a ? a.port : values.port}`);
});
const stop = () => { server.close(() => process.exit(0)); server.closeAllConnections(); };
process.on("SIGTERM", stop); process.on("SIGINT", stop);

export { createMcpServer, type McpSettings } from "./server.js";
export { buildTools, parseOpenApi, expandRefs, applyPrompt, toolName, type Tool } from "./openapi.js";

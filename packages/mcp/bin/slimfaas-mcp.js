#!/usr/bin/env node
// The slimfaas-mcp command: runs the built MCP server (npm run build).
import '../dist/main.js';

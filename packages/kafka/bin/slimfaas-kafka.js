#!/usr/bin/env node
// The slimfaas-kafka command: runs the built connector (npm run build).
import '../dist/cli.js';

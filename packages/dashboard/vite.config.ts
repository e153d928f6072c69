// Builds the dashboard into the slimfaas package (dist/web), served at / by every node.
// `npm run dev` proxies the backend routes to SLIMFAAS_URL (default http://localhost:5000).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const backend = process.env.SLIMFAAS_URL ?? 'http://localhost:5000';

export default defineConfig({
  plugins: [react()],
  base: './',
  build: { outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)), emptyOutDir: true },
  server: {
    proxy: Object.fromEntries(
      ['/status-functions-stream', '/status-functions', '/status-jobs', '/wake-function', '/wake-functions', '/jobs', '/logs'].map((p) => [p, backend]),
    ),
  },
});

/** Vite build of the SPA into apps/web/dist, which the Node server serves at `/`. */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    // `npm run dev -w apps/web` talks to a platform started separately with `npm start` (port 3000).
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** Builds the admin UI and the GraphiQL page into dist/ui, served by gerbang itself (no CDN). */
export default defineConfig({
  root: fileURLToPath(new URL('./ui', import.meta.url)),
  base: '/admin/',
  logLevel: 'error',
  build: {
    outDir: fileURLToPath(new URL('./dist/ui', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: {
        admin: fileURLToPath(new URL('./ui/index.html', import.meta.url)),
        graphiql: fileURLToPath(new URL('./ui/graphiql.html', import.meta.url)),
      },
    },
  },
});

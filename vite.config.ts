import preact from '@preact/preset-vite';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// Three pages, one build: the hall server serves dist/web at /kiosk/, /display/, /window-panel/.
export default defineConfig({
  root: '.',
  base: '/',
  plugins: [preact()],
  publicDir: false,
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    rollupOptions: {
      input: {
        kiosk: resolve(import.meta.dirname, 'kiosk/index.html'),
        display: resolve(import.meta.dirname, 'display/index.html'),
        'window-panel': resolve(import.meta.dirname, 'window-panel/index.html'),
      },
    },
  },
  server: {
    proxy: { '/socket.io': { target: 'http://127.0.0.1:8080', ws: true }, '/api': 'http://127.0.0.1:8080' },
  },
});

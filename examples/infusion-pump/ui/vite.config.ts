import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// The shipped UI is ui/dist: vite bundles everything imported from src/, whether package.json lists it under
// dependencies or devDependencies (uplot is a devDependency and still ships; see tureen.config.yaml).
export default defineConfig({
  plugins: [preact()],
  build: { outDir: 'dist', sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/ws': { target: 'ws://127.0.0.1:8080', ws: true } } },
});

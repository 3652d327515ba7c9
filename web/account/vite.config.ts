import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// The app is served by the service under /account; assets get content-hashed names so the
// service can cache them forever. No CDN: everything is bundled.
export default defineConfig({
  root: import.meta.dirname,
  base: '/account/',
  plugins: [preact()],
  build: {
    outDir: '../../dist/account',
    emptyOutDir: true,
    assetsDir: 'assets',
    // No inline <script>/<style> or data: module preload polyfill: the CSP allows 'self' only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  logLevel: 'warn',
});

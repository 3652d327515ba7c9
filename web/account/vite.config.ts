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
    // The password-strength chunk (zxcvbn's dictionaries, ~1.7 MB, ~0.85 MB gzipped) is loaded only
    // when someone types a new password; the app's own entry stays small.
    chunkSizeWarningLimit: 2000,
  },
  logLevel: 'warn',
});

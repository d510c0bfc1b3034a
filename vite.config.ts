import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import type { Plugin } from 'vite';
import { CONSOLE_PATH } from './src/app/console-path';

const themeColor = '#0b3d5c';

/**
 * Cold start: index.html starts the search worker itself, in one line in <head>, so the worker
 * fetches, parses, opens IndexedDB and imports the saved index while the page is still parsing
 * the app's chunks. The app adopts that worker (src/app/search-worker.ts). Only the built file
 * name is known here, so the line is added at build time.
 */
function startSearchWorkerEarly(): Plugin {
  return {
    name: 'rigside:start-search-worker-early',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const file = Object.keys(ctx.bundle ?? {}).find((f) => /(^|\/)search\.worker-[\w-]+\.js$/.test(f));
        if (!file)
          throw new Error('the search worker is missing from the build: cannot start it early from index.html');
        // Not on the console's pages (src/app/console-path.ts): a director's browser there has no
        // use for the crew's search index.
        const start = `if(!${CONSOLE_PATH}.test(location.pathname))globalThis.__rigsideSearchWorker=new Worker(${JSON.stringify(`/${file}`)},{type:"module",name:"rigside-search"})`;
        return { html, tags: [{ tag: 'script', children: start, injectTo: 'head-prepend' }] };
      },
    },
  };
}

/** Modules only the console uses: its own code and its chart library. */
function isConsoleModule(id: string): boolean {
  return /\/src\/console\//.test(id) || /\/node_modules\/(chart\.js|react-chartjs-2|@kurkle\/color)\//.test(id);
}

export default defineConfig({
  plugins: [
    react(),
    startSearchWorkerEarly(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'sw',
      filename: 'sw.ts',
      // The page registers the worker itself through workbox-window (src/app/sw-update.ts)
      // so that an update waits for the user's word.
      injectRegister: false,
      registerType: 'prompt',
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,json}'],
        // The console is online only and never part of a crew device's download (issue 15).
        globIgnores: ['assets/console/**'],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      },
      includeAssets: ['icons/*.svg', 'icons/*.png'],
      manifest: {
        name: 'Rigside: protocols and dosing',
        short_name: 'Rigside',
        description: 'Offline treatment protocols and medication dosing for paramedics',
        id: '/',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: themeColor,
        background_color: '#0a1720',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: true,
    // Every browser that runs the app preloads modules itself; the polyfill was dead weight.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // The console's chunks (its code and its chart library) go to assets/console/, which the
        // service worker's precache leaves out.
        chunkFileNames: (chunk) =>
          chunk.moduleIds.length > 0 && chunk.moduleIds.every(isConsoleModule)
            ? 'assets/console/[name]-[hash].js'
            : 'assets/[name]-[hash].js',
      },
    },
  },
  worker: { format: 'es' },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['src/**/*.test.{ts,tsx}', 'tests/unit/**/*.test.{ts,tsx}', 'tests/nemsis/**/*.test.ts'],
          setupFiles: ['tests/unit/setup.ts'],
        },
      },
      {
        test: {
          name: 'db',
          environment: 'node',
          globalSetup: ['tests/db/global-setup.ts'],
          include: ['tests/db/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

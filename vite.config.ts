import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import type { Plugin } from 'vite';
import { resolve as resolvePath } from 'node:path';
import { CONSOLE_PATH } from './src/app/console-path.ts';
import { startingTheme, THEME_KEY, THEMES } from './src/app/theme.ts';
import { readServerConfig } from './src/sync/server-config.ts';

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
        // The crew's theme from the first frame, read while the page waits for its scripts (src/app/theme.ts).
        const theme = `document.documentElement.dataset.theme=(${startingTheme.toString()})(${JSON.stringify(THEME_KEY)},${JSON.stringify(THEMES)})`;
        return { html, tags: [{ tag: 'script', children: `${start};${theme}`, injectTo: 'head-prepend' }] };
      },
    },
  };
}

/**
 * The console's code in its own folder, assets/console/, which the service worker leaves out of
 * the precache: a crew device never downloads it (issue 15). A chunk belongs to the console when
 * none of its modules can be reached from the app's entry without passing through the console's
 * entry (src/console/main.tsx): its pages, its chart library, and any domain module or library
 * (jsdiff) that only the console imports. A chunk the crew app also reaches stays in assets/.
 * The same goes for the styles of a console-only chunk.
 */
function consoleApart(): Plugin & {
  chunkFileNames: (chunk: { moduleIds: string[] }) => string;
  assetFileNames: (asset: { names: string[]; originalFileNames: string[] }) => string;
} {
  // Modules of the graph that only the console reaches. A module outside the graph (the
  // bundler's own runtime) counts as the crew's: when unsure, a chunk stays where crews get it.
  const consoleOnly = new Set<string>();
  let root = process.cwd();
  const isConsoleEntry = (id: string) => /\/src\/console\/main\.tsx$/.test(id);
  return {
    name: 'rigside:console-apart',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    buildEnd() {
      const crew = new Set<string>();
      const queue = [...this.getModuleIds()].filter((id) => this.getModuleInfo(id)?.isEntry);
      for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
        if (crew.has(id) || isConsoleEntry(id)) continue;
        crew.add(id);
        const info = this.getModuleInfo(id);
        if (info) queue.push(...info.importedIds, ...info.dynamicallyImportedIds);
      }
      if (crew.size === 0) this.error('no entry module found: cannot tell the crew app from the console');
      consoleOnly.clear();
      for (const id of this.getModuleIds()) if (!crew.has(id)) consoleOnly.add(id);
    },
    chunkFileNames: (chunk) =>
      chunk.moduleIds.length > 0 && chunk.moduleIds.every((id) => consoleOnly.has(id))
        ? 'assets/console/[name]-[hash].js'
        : 'assets/[name]-[hash].js',
    // Vite names a chunk's stylesheet after the chunk's entry module (its facade).
    assetFileNames: (asset) =>
      asset.names.some((n) => n.endsWith('.css')) &&
      asset.originalFileNames.length > 0 &&
      asset.originalFileNames.every((f) => consoleOnly.has(resolvePath(root, f)))
        ? 'assets/console/[name]-[hash][extname]'
        : 'assets/[name]-[hash][extname]',
  };
}

/**
 * The server the build names (VITE_SUPABASE_URL, VITE_SUPABASE_ANON_KEY) is checked here, so a
 * bad one stops the build with the reason rather than reaching rigs: the crew's first load only
 * asks whether one is set (src/sync/server-configured.ts), and sync checks it again when it starts.
 */
function checkServerConfig(): Plugin {
  return {
    name: 'rigside:check-server-config',
    configResolved(config) {
      readServerConfig(config.env);
    },
  };
}

const consoleChunks = consoleApart();

export default defineConfig({
  plugins: [
    checkServerConfig(),
    react(),
    startSearchWorkerEarly(),
    consoleChunks,
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
    // dist/.vite/manifest.json: the chunk graph, which tests/bench/app-size.ts reads to check that
    // nothing only the console reaches is outside assets/console/.
    manifest: true,
    sourcemap: true,
    // Every browser that runs the app preloads modules itself; the polyfill was dead weight.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        chunkFileNames: consoleChunks.chunkFileNames,
        assetFileNames: consoleChunks.assetFileNames,
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
          include: [
            'src/**/*.test.{ts,tsx}',
            'sw/**/*.test.ts',
            'tests/unit/**/*.test.{ts,tsx}',
            'tests/nemsis/**/*.test.ts',
          ],
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

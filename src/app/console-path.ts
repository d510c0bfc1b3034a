/**
 * The console's addresses (`/console/...`): main.tsx mounts the console there, and the build's
 * early search-worker script (vite.config.ts) skips them, so a director's browser never starts
 * the crew's search worker. No imports: the Vite config reads it too.
 */
export const CONSOLE_PATH = /^\/console(\/|$)/;

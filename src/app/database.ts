import type { RigsideDb } from '../data/db';

/**
 * The app's database as a thenable that loads Dexie and opens the database the first time it is
 * awaited (or used by a screen: `useServices`), and never again. Nothing on the first screen
 * needs it before the first search is answered, so Dexie (98 KB, and ~10 ms of schema set-up on
 * the main thread here) is no longer part of the crew's first load (issue 13: cold start).
 */
export function lazyDatabase(load: () => Promise<RigsideDb> = appDatabase): PromiseLike<RigsideDb> {
  let loading: Promise<RigsideDb> | undefined;
  return {
    then(onLoaded, onFailed) {
      loading ??= load();
      return loading.then(onLoaded, onFailed);
    },
  };
}

function appDatabase(): Promise<RigsideDb> {
  return import('../data/db').then(({ appDb }) => appDb());
}

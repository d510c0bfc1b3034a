import { describe, expect, it } from 'vitest';
import { workerScriptsWithoutCodeCache } from './worker-scripts';

const willBeUsed = workerScriptsWithoutCodeCache.cachedResponseWillBeUsed!;

function cached(): Response {
  return new Response('self.onmessage = () => {};', {
    status: 200,
    headers: { 'content-type': 'text/javascript', etag: '"w1"' },
  });
}

/** What a precache lookup passes: its own key as `request`, the page's fetch as `event`. */
function lookup(cachedResponse: Response | undefined, destination: RequestDestination | null) {
  const key = new Request('http://127.0.0.1/assets/search.worker-abc.js?__WB_REVISION__=1');
  const event = destination === null ? new Event('install') : { request: { destination } };
  return willBeUsed({
    cacheName: 'precache',
    cachedResponse,
    request: key,
    event: event as ExtendableEvent,
    state: {},
  });
}

describe("serving a worker's script from the precache", () => {
  it('gives a dedicated worker a new response with the cached body and headers', async () => {
    const original = cached();
    const served = await lookup(original, 'worker');
    expect(served).toBeInstanceOf(Response);
    expect(served).not.toBe(original);
    expect(served?.status).toBe(200);
    expect(served?.headers.get('content-type')).toBe('text/javascript');
    expect(served?.headers.get('etag')).toBe('"w1"');
    expect(await served?.text()).toBe('self.onmessage = () => {};');
  });

  it("leaves every other response as the cache has it: the page's scripts, styles, the install", async () => {
    for (const destination of ['script', 'style', 'document', ''] as const) {
      const original = cached();
      expect(await lookup(original, destination)).toBe(original);
    }
    const installing = cached();
    expect(await lookup(installing, null)).toBe(installing);
    expect(await lookup(undefined, 'worker')).toBeUndefined();
  });
});

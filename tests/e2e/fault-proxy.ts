// A fault-injecting HTTP proxy between the app and the API stand-in, on 127.0.0.1. It passes
// everything through, except that each ingest_events call may be given a fault from a plan:
// a connection dropped before the request reaches the server or after the server committed,
// a hang, 5xx, 429 or 503 with a retry time, a 401. It also counts what it saw, including how
// many ingest calls were in flight at once (one replayer at a time means never more than one).
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { corsHeaders } from '../../supabase/local/http';

export const FAULTS = [
  'pass',
  'drop_before',
  'drop_after',
  'hang',
  'http_500',
  'http_502',
  'http_429',
  'http_503',
  'http_401',
] as const;
export type Fault = (typeof FAULTS)[number];

export interface ProxyStats {
  ingestRequests: number;
  inFlight: number;
  inFlightMax: number;
  byFault: Record<Fault, number>;
  /** Ingest calls answered 503 by a storm. */
  stormRequests: number;
  held: number;
  /** Batches refused whole because they carried the poison marker. */
  poisoned: number;
}

export interface FaultProxy {
  url: string;
  stats: ProxyStats;
  /** Faults for the next ingest calls, one each, in order ('pass' lets one through). */
  plan(faults: Fault[]): void;
  /** Answers every ingest call with 503 (Retry-After: 1) for `ms`. */
  storm(ms: number): void;
  /** While on, ingest calls wait here unanswered (the app sees a request that never ends). */
  hold(on: boolean): void;
  close(): Promise<void>;
}

const HANG_MS = 20_000;

/**
 * A batch carrying this text is refused whole with a 400, as a server would refuse an event
 * it cannot parse: the poison event the replayer must isolate by halving its batch.
 */
export const POISON_MARKER = 'POISON-PILL';

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const queue: Fault[] = [];
  let stormUntil = 0;
  let holding = false;
  const held: Array<() => void> = [];
  const stats: ProxyStats = {
    ingestRequests: 0,
    inFlight: 0,
    inFlightMax: 0,
    byFault: Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>,
    stormRequests: 0,
    held: 0,
    poisoned: 0,
  };

  function pass(req: IncomingMessage, body: Buffer, res: ServerResponse | null, done: () => void): void {
    const upstreamReq = forward(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (upstreamRes) => {
        const chunks: Buffer[] = [];
        upstreamRes.on('data', (c: Buffer) => chunks.push(c));
        upstreamRes.on('end', () => {
          if (res) {
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
            res.end(Buffer.concat(chunks));
          }
          done();
        });
      },
    );
    upstreamReq.on('error', () => {
      res?.writeHead(502, corsHeaders(req)).end('upstream unreachable');
      done();
    });
    upstreamReq.end(body);
  }

  function answer(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      ...corsHeaders(req),
      'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json',
      ...headers,
    });
    res.end(text);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const isIngest = req.method === 'POST' && (req.url ?? '').startsWith('/rest/v1/rpc/ingest_events');
      if (!isIngest) return pass(req, body, res, () => undefined);

      stats.ingestRequests++;
      stats.inFlight++;
      stats.inFlightMax = Math.max(stats.inFlightMax, stats.inFlight);
      let finished = false;
      const done = () => {
        if (!finished) {
          finished = true;
          stats.inFlight--;
        }
      };
      res.on('close', done);

      if (holding) {
        stats.held++;
        held.push(() => pass(req, body, res, done));
        return;
      }
      if (Date.now() < stormUntil) {
        stats.stormRequests++;
        answer(
          req,
          res,
          503,
          { code: 'PGRST000', details: null, hint: null, message: 'Database client error. Retrying the connection.' },
          { 'Retry-After': '1' },
        );
        return;
      }
      if (body.includes(POISON_MARKER)) {
        stats.poisoned++;
        answer(req, res, 400, {
          code: '22P02',
          details: null,
          hint: null,
          message: 'invalid input syntax in one event of the batch',
        });
        return;
      }
      const fault = queue.shift() ?? 'pass';
      stats.byFault[fault]++;
      switch (fault) {
        case 'pass':
          return pass(req, body, res, done);
        case 'drop_before':
          return void req.socket.destroy();
        case 'drop_after':
          // The server commits the batch; its answer never reaches the app.
          return pass(req, body, null, () => {
            req.socket.destroy();
            done();
          });
        case 'hang': {
          const timer = setTimeout(() => req.socket.destroy(), HANG_MS);
          res.on('close', () => clearTimeout(timer));
          return;
        }
        case 'http_500':
          return answer(req, res, 500, { code: 'XX000', details: null, hint: null, message: 'injected server error' });
        case 'http_502':
          return answer(req, res, 502, 'Bad Gateway');
        case 'http_429':
          return answer(
            req,
            res,
            429,
            { code: 'RATE_LIMITED', details: null, hint: null, message: 'over the API limit', retry_after_seconds: 3 },
            { 'Retry-After': '3' },
          );
        case 'http_503':
          return answer(
            req,
            res,
            503,
            { code: 'PGRST000', details: null, hint: null, message: 'injected unavailable', retry_after_seconds: 2 },
            { 'Retry-After': '2' },
          );
        case 'http_401':
          return answer(
            req,
            res,
            401,
            { code: 'PGRST303', details: null, hint: null, message: 'JWT expired' },
            { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
          );
      }
    });
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    plan: (faults) => void queue.push(...faults),
    storm: (ms) => {
      stormUntil = Date.now() + ms;
    },
    hold: (on) => {
      holding = on;
      if (!on) for (const release of held.splice(0)) release();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

import { createServer, type Server } from 'node:http';
import type { Logger } from '../logger.js';
import type { Metrics } from './metrics.js';

export interface Health {
  gatewayConnected: () => boolean;
  /** A real write to the store, now. */
  storeWritable: () => Promise<boolean>;
  dispatcher: () => boolean;
  shards: () => readonly number[];
}

/** `/healthz` (200 when the gateway is up and the store takes writes, else 503) and `/metrics` (Prometheus). */
export function startHttpServer(port: number, health: Health, metrics: Metrics, logger: Logger): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET') {
      res.writeHead(405).end();
      return;
    }
    if (req.url === '/healthz') {
      health
        .storeWritable()
        .then((store) => {
          const status = {
            gateway: health.gatewayConnected(),
            store,
            dispatcher: health.dispatcher(),
            shards: health.shards(),
          };
          const ok = status.gateway && status.store;
          res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ok, ...status }));
        })
        .catch((error: unknown) => {
          logger.error({ err: error }, 'health check failed');
          res.writeHead(503).end();
        });
      return;
    }
    if (req.url === '/metrics') {
      metrics.registry
        .metrics()
        .then((text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text))
        .catch((error: unknown) => {
          logger.error({ err: error }, 'metrics collection failed');
          res.writeHead(500).end();
        });
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

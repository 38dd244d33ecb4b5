import type { Request, Response, Router } from 'express';
import express from 'express';
import type { GatewayMetrics } from '../observability/metrics.js';

/** `GET /metrics` in the Prometheus text format (operation counts and durations, process metrics). */
export function metricsRoute(metrics: GatewayMetrics): Router {
  const router = express.Router();
  router.get('/metrics', async (_req: Request, res: Response) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}

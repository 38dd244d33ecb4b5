import type { Storage } from '@storewise/storage';
import type { Request, Response, Router } from 'express';
import express from 'express';

export interface ProbeState {
  /** Set once the server starts draining: readiness fails so balancers stop sending traffic. */
  draining: boolean;
}

const READY_TIMEOUT_MS = 2_000;

/** Resolves true when the store answers a cheap read within the timeout (readiness, and health's status). */
export async function storeAnswers(storage: Storage): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
  });
  try {
    return await Promise.race([storage.getApiKey('readiness-probe').then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/healthz`: liveness (the process serves HTTP). `/readyz`: 200 when the store answers, 503 while it does
 * not or while the server drains. Neither needs a key nor says anything about the data.
 */
export function probeRoutes(storage: Storage, state: ProbeState): Router {
  const router = express.Router();
  router.get('/healthz', (_req: Request, res: Response) => {
    res.status(200).json({ status: 'ok' });
  });
  router.get('/readyz', async (_req: Request, res: Response) => {
    if (state.draining) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    const ok = await storeAnswers(storage);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'store unreachable' });
  });
  return router;
}

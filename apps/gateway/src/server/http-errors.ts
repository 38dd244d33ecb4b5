import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler } from 'express';

/** Answers with a GraphQL-shaped error body, for failures before Apollo sees the request (body too large, bad JSON). */
function answer(res: ServerResponse, status: number, message: string, code: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * The last error handler (of the Express application and of the GraphQL router): answers body-parser
 * failures with 413/400 and a GraphQL error body, and anything else with a bare 500, so Express's default
 * HTML page (with a stack trace) is never sent. Writes with node's own response methods, so it also
 * answers requests that never went through the Express application.
 */
export function httpErrorHandler(logInternal: (error: unknown) => void): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const e = err as { type?: string; status?: number; limit?: number };
    if (res.headersSent) {
      // Apollo had begun answering (a streamed answer failed): all that is left is to end it.
      logInternal(err);
      res.end();
      return;
    }
    if (e.type === 'entity.too.large') {
      answer(res, 413, `the request body is larger than ${e.limit} bytes`, 'PAYLOAD_TOO_LARGE');
      return;
    }
    if (e.type === 'entity.parse.failed') {
      // The strict JSON parser also fails valid JSON that is no object or array ("hello", 42): say which.
      const message = parsesAsJson((err as { body?: unknown }).body)
        ? 'the request body must be a JSON object ({ "query": ..., "variables": ... }), not a bare JSON value'
        : 'the request body is not valid JSON';
      answer(res, 400, message, 'BAD_REQUEST');
      return;
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      answer(res, e.status, 'the request could not be read', 'BAD_REQUEST');
      return;
    }
    logInternal(err);
    answer(res, 500, 'internal server error', 'INTERNAL_SERVER_ERROR');
  };
}

function parsesAsJson(body: unknown): boolean {
  if (typeof body !== 'string') return false;
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}

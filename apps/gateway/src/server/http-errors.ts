import type { ErrorRequestHandler } from 'express';

/** A GraphQL-shaped error body for failures before Apollo sees the request (body too large, bad JSON). */
function graphqlErrorBody(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * Express's last error handler: answers body-parser failures with 413/400 and a GraphQL error body, and
 * anything else with a bare 500, so Express's default HTML page (with a stack trace) is never sent.
 */
export function httpErrorHandler(logInternal: (error: unknown) => void): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const e = err as { type?: string; status?: number; limit?: number };
    if (e.type === 'entity.too.large') {
      res
        .status(413)
        .json(graphqlErrorBody(`the request body is larger than ${e.limit} bytes`, 'PAYLOAD_TOO_LARGE'));
      return;
    }
    if (e.type === 'entity.parse.failed') {
      res.status(400).json(graphqlErrorBody('the request body is not valid JSON', 'BAD_REQUEST'));
      return;
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      res.status(e.status).json(graphqlErrorBody('the request could not be read', 'BAD_REQUEST'));
      return;
    }
    logInternal(err);
    res.status(500).json(graphqlErrorBody('internal server error', 'INTERNAL_SERVER_ERROR'));
  };
}

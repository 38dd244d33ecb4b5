import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import cors from 'cors';
import express, { type NextFunction, type Router } from 'express';
import { CUSTOMER_TOKEN_HEADER } from '../auth/customer-token.js';

export interface GraphqlRouteOptions<Context extends object> {
  /** Browser origins allowed by CORS (none: only non-browser clients). */
  corsOrigins: readonly string[];
  /** Largest JSON body accepted (413 beyond). */
  bodyLimitBytes: number;
  context: (req: IncomingMessage) => Promise<Context>;
}

/** The request line's query string, with its "?" ("" without one), as Apollo wants it. */
function searchOf(url: string | undefined): string {
  const at = url?.indexOf('?') ?? -1;
  return at < 0 ? '' : url!.slice(at);
}

/**
 * Hands a request whose body is parsed to Apollo and writes its answer with node's own response methods
 * (what `@as-integrations/express5` does, minus Express's `res.send`).
 */
function apolloHandler<Context extends object>(
  server: ApolloServer<Context>,
  context: (req: IncomingMessage) => Promise<Context>,
) {
  return async (req: IncomingMessage & { body?: unknown }, res: ServerResponse, next: NextFunction) => {
    try {
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const answer = await server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: req.method?.toUpperCase() ?? 'GET',
          headers,
          search: searchOf(req.url),
          body: req.body,
        },
        context: () => context(req),
      });
      for (const [key, value] of answer.headers) res.setHeader(key, value);
      res.statusCode = answer.status ?? 200;
      if (answer.body.kind === 'complete') {
        res.end(answer.body.string);
        return;
      }
      for await (const chunk of answer.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * The GraphQL endpoint, `/graphql`, as an Express 5 router: the CORS allowlist (`cors`), the JSON body
 * limit (`express.json`), `Cache-Control: no-store` (answers are per key and per customer), then Apollo.
 *
 * It is a router rather than routes on the Express application because the application gives every
 * request Express's request and response prototypes (`Object.setPrototypeOf` in `app.handle`), and with
 * that V8 kept each request's objects past two minor collections: the old generation grew about 12 MB/s
 * at 1,000 requests/s and a major collection every 3-10 s added 20-90 ms to the requests it caught
 * (`pnpm bench express-gc`: 7 major collections in 20 s through an application, 1 through the router;
 * docs/gateway.md, Performance). The
 * gateway's HTTP server sends `/graphql` here directly; the Express application mounts the same router,
 * for whoever embeds `gateway.app`.
 */
export function graphqlRouter<Context extends object>(
  server: ApolloServer<Context>,
  options: GraphqlRouteOptions<Context>,
): Router {
  const allowed = new Set(options.corsOrigins);
  const router = express.Router();
  router.use(
    '/graphql',
    cors({
      origin: (origin, done) => done(null, origin !== undefined && allowed.has(origin)),
      methods: ['GET', 'POST'],
      allowedHeaders: [
        'content-type',
        'authorization',
        'x-api-key',
        CUSTOMER_TOKEN_HEADER,
        'apollo-require-preflight',
      ],
      maxAge: 600,
    }),
    // A preflight the allowlist took is answered above (204). One from another origin went on to Apollo,
    // whose CSRF check answered 400 about a header: say what is wrong instead.
    (req: IncomingMessage, res: ServerResponse, next: NextFunction) => {
      if (req.method !== 'OPTIONS') return next();
      const origin = req.headers.origin;
      res.statusCode = origin === undefined ? 204 : 403;
      if (origin !== undefined) {
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.end(
          `the origin ${origin.slice(0, 200)} may not call this gateway from a browser: add it to STOREWISE_CORS_ORIGINS\n`,
        );
      } else res.end();
    },
    express.json({ limit: options.bodyLimitBytes }),
    (_req: IncomingMessage, res: ServerResponse, next: NextFunction) => {
      res.setHeader('cache-control', 'no-store');
      next();
    },
    apolloHandler(server, options.context),
  );
  return router;
}

/** Whether a request line names the GraphQL endpoint (`/graphql`, `/graphql?...`, `/graphql/...`). */
export function isGraphqlPath(url: string | undefined): boolean {
  if (url === undefined || !url.startsWith('/graphql')) return false;
  const rest = url.charAt('/graphql'.length);
  return rest === '' || rest === '?' || rest === '/';
}

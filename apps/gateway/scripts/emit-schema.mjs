#!/usr/bin/env node
// Writes the gateway's SDL to packages/sdk/schema.graphql (run after a build: `pnpm --filter @storewise/gateway schema:emit`).
// The SDK generates its types from that file; test/schema.test.ts fails when it is out of date.
import { writeFileSync } from 'node:fs';
import { printGatewaySchema } from '../dist/index.js';

const target = new URL('../../../packages/sdk/schema.graphql', import.meta.url);
writeFileSync(target, `${printGatewaySchema()}\n`);
console.log(`wrote ${target.pathname}`);

import { readFileSync } from 'node:fs';
import { generate } from '@graphql-codegen/cli';
import { printGatewaySchema } from '@storewise/gateway';
import { describe, expect, it } from 'vitest';
import config from '../codegen.js';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

describe('generated files are current', () => {
  it('schema.graphql is the gateway schema', () => {
    expect(read('schema.graphql')).toBe(`${printGatewaySchema()}\n`);
  });

  it('the committed client code is what codegen makes from schema.graphql and the operations', async () => {
    const abs = (path: string) => new URL(path, root).pathname;
    const [target] = Object.values(config.generates);
    const [output] = await generate(
      {
        schema: abs(config.schema),
        documents: abs(config.documents),
        generates: { [abs('src/generated/graphql.generated.ts')]: target! },
        silent: true,
      },
      false,
    );
    expect(output?.content).toBe(read('src/generated/graphql.generated.ts'));
  });
});

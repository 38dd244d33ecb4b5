import { AUTO_MODEL, recommenderPlugin } from '@storewise/engine';
import { GraphQLError } from 'graphql/index.js';

const refuse = (field: string, message: string): never => {
  throw new GraphQLError(`${field}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', field } });
};

const kindOf = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'list'
      : typeof value === 'object'
        ? 'object'
        : typeof value;

/**
 * The `train` mutation's `params` for `model`, checked as the CLI's `--param` is (checkModelParams). `auto`
 * takes none: it compares models at their defaults.
 */
export function checkTrainParams(
  model: string,
  params: Record<string, unknown> | null | undefined,
): Record<string, unknown> {
  const given = params ?? {};
  if (Object.keys(given).length === 0) return {};
  if (model === AUTO_MODEL)
    refuse(
      'params',
      'model "auto" takes no parameters: it compares models at their defaults; name a model to set its parameters',
    );
  return checkModelParams(model, recommenderPlugin(model).defaults as Record<string, unknown>, given);
}

/**
 * A model's `params` checked against its defaults: every name must be one of them, and a value of the kind
 * of its default (a number, true/false, text, a list); a default of null or an object takes any JSON value.
 * The model checks the values themselves when it fits (a ParamError, which the caller shows).
 */
export function checkModelParams(
  model: string,
  defaults: Record<string, unknown>,
  given: Record<string, unknown>,
): Record<string, unknown> {
  const known = Object.keys(defaults);
  for (const name of Object.keys(given)) {
    const field = `params.${name}`;
    if (!Object.hasOwn(defaults, name))
      refuse(field, `${model} has no parameter "${name}"; its parameters: ${known.join(', ') || 'none'}`);
    const want = kindOf(defaults[name]);
    const got = kindOf(given[name]);
    if (
      want !== 'null' &&
      want !== 'object' &&
      got !== want &&
      !(want === 'number' && given[name] === 'Infinity')
    )
      refuse(
        field,
        `${model} parameter "${name}" takes a ${want === 'boolean' ? 'true/false' : want}, got ${JSON.stringify(given[name])}`,
      );
  }
  return given;
}

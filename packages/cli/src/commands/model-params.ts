import { ParamError } from '@storewise/engine';
import { UserError } from '../errors.js';

/** Commander's collector of a repeatable option (`--param a=1 --param b=2`). */
export const collect = (value: string, list: string[] = []): string[] => [...list, value];

/** A model's parameters with their default values: the names it knows and the kind of value each takes. */
export type ParamDefaults = Readonly<Record<string, unknown>>;

/**
 * The value of `--param <flag>` for the parameter `key` of `model`, checked against the model's defaults:
 * an unknown name, or a value not of its default's kind (a number, true/false), is refused naming the
 * parameter and listing the known ones. A parameter whose default is text keeps the text (the model
 * checks its choices); one whose default is a list takes numbers as `64,32` or `[64,32]`; one whose default
 * is null or an object takes a number, true/false, a JSON object (`{"0":1,"1":5}`, or `{0:1,1:5}` with bare
 * number keys) or text. The model checks the values (a ParamError, see paramRefusal).
 */
export function parseParamValue(
  flag: string,
  model: string,
  key: string,
  text: string,
  defaults: ParamDefaults,
): unknown {
  const known = Object.keys(defaults);
  if (!Object.hasOwn(defaults, key))
    throw new UserError(
      `--param ${flag}: ${model} has no parameter "${key}"; its parameters: ${known.join(', ') || 'none'}`,
    );
  const num = Number(text.trim());
  // Infinity is a number here: "no limit" for a tree's maxDepth or maxLeafNodes (the model's rules check it).
  const isNumber = text.trim() !== '' && (Number.isFinite(num) || num === Number.POSITIVE_INFINITY);
  const kind = typeof defaults[key];
  if (kind === 'number') {
    if (!isNumber)
      throw new UserError(`--param ${flag}: ${model} parameter "${key}" must be a number, got "${text}"`);
    return num;
  }
  if (kind === 'boolean') {
    if (text !== 'true' && text !== 'false')
      throw new UserError(
        `--param ${flag}: ${model} parameter "${key}" must be true or false, got "${text}"`,
      );
    return text === 'true';
  }
  if (kind === 'string') return text;
  if (Array.isArray(defaults[key])) return parseList(flag, model, key, text);
  if (text.trim().startsWith('{')) return parseObject(flag, model, key, text);
  return text === 'true' ? true : text === 'false' ? false : isNumber ? num : text;
}

/** `64,32` or `[64,32]` as [64, 32]. */
function parseList(flag: string, model: string, key: string, text: string): number[] {
  const t = text.trim();
  const inner = t.startsWith('[') && t.endsWith(']') ? t.slice(1, -1) : t;
  const parts = inner.split(',').map((v) => v.trim());
  const values = parts.map(Number);
  if (parts.some((v) => v === '') || values.some((v) => !Number.isFinite(v)))
    throw new UserError(
      `--param ${flag}: ${model} parameter "${key}" must be a list of numbers such as 64,32 or [64,32], got "${text}"`,
    );
  return values;
}

/** A JSON object; bare number keys (`{0: 1, 1: 5}`, as the docs write class weights) are taken as JSON's. */
function parseObject(flag: string, model: string, key: string, text: string): unknown {
  try {
    return JSON.parse(text.replace(/([{,]\s*)(\d+)\s*:/g, '$1"$2":'));
  } catch {
    throw new UserError(
      `--param ${flag}: ${model} parameter "${key}" must be a JSON object such as {"0":1,"1":5}, got "${text}"`,
    );
  }
}

/**
 * `als.factors=16` -> { als: { factors: 16 } }, each value checked against the defaults of its model
 * (parseParamValue); `defaultsOf` gives them for a model of `models`.
 */
export function parseModelParams(
  pairs: readonly string[],
  models: readonly string[],
  defaultsOf: (model: string) => ParamDefaults,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const pair of pairs) {
    const match = /^([^.=]+)\.([^=]+)=(.*)$/.exec(pair);
    if (!match) throw new UserError(`--param must look like model.key=value, got "${pair}"`);
    const [, model, key, text] = match as unknown as [string, string, string, string];
    if (!models.includes(model)) throw new UserError(`--param ${pair}: "${model}" is not in --models`);
    (out[model] ??= {})[key] = parseParamValue(pair, model, key, text, defaultsOf(model));
  }
  return out;
}

/**
 * `error`, thrown by a fit, as a usage error naming `--param <pair>` when it is a model's refusal
 * (a ParamError, which every built-in model throws) of a value the user gave in `pairs` (`key=value` or
 * `model.key=value`); undefined when it is not.
 */
export function paramRefusal(
  error: unknown,
  pairs: readonly string[],
  model?: string,
): UserError | undefined {
  if (!(error instanceof ParamError)) return undefined;
  for (const pair of pairs) {
    const name = pair.slice(0, pair.indexOf('='));
    const dot = name.indexOf('.');
    if (name.slice(dot + 1) === error.param)
      return new UserError(`--param ${pair}: ${model ?? name.slice(0, dot)} refused it: ${error.message}`);
  }
  return undefined;
}

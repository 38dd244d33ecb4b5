import { UserError } from '../errors.js';

/** `als.factors=16` -> { als: { factors: 16 } }; numbers and true/false are parsed, the rest kept as text. */
export function parseModelParams(
  pairs: readonly string[],
  models: readonly string[],
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const pair of pairs) {
    const match = /^([^.=]+)\.([^=]+)=(.*)$/.exec(pair);
    if (!match) throw new UserError(`--param must look like model.key=value, got "${pair}"`);
    const [, model, key, text] = match as unknown as [string, string, string, string];
    if (!models.includes(model)) throw new UserError(`--param ${pair}: "${model}" is not in --models`);
    const num = Number(text);
    (out[model] ??= {})[key] =
      text === 'true' ? true : text === 'false' ? false : text !== '' && Number.isFinite(num) ? num : text;
  }
  return out;
}

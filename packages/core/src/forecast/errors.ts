/**
 * Argument checks shared by the forecasting functions. A refusal is a `ForecastInputError` that names the
 * argument (and the index of a bad value), so the engine, CLI and GraphQL layers can point at the field.
 */

/** A forecasting argument refused: its name and why. */
export class ForecastInputError extends Error {
  override readonly name = 'ForecastInputError';
  constructor(
    /** The argument, e.g. `y`, `horizon`, `options.seasonLength`, `input.serviceLevel`. */
    readonly argument: string,
    message: string,
  ) {
    super(`${argument}: ${message}`);
  }
}

/** A copy of `values` as a Float64Array after checking every value is finite and >= 0 (demand). */
export function demandSeries(values: ArrayLike<number>, argument = 'y'): Float64Array {
  if (values == null || typeof values.length !== 'number')
    throw new ForecastInputError(argument, 'must be an array of numbers');
  const y = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new ForecastInputError(
        argument,
        `${argument}[${i}] is ${String(v)}; demand must be a finite number >= 0`,
      );
    y[i] = v;
  }
  return y;
}

/** Checks an integer >= min (`horizon`, `seasonLength`). */
export function checkInteger(value: unknown, argument: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    throw new ForecastInputError(argument, `must be an integer >= ${min}, got ${String(value)}`);
  return value;
}

/** Checks a probability strictly inside (0, 1) (`level`, `serviceLevel`). */
export function checkOpenUnit(value: unknown, argument: string): number {
  if (typeof value !== 'number' || !(value > 0 && value < 1))
    throw new ForecastInputError(argument, `must be a number in (0, 1), got ${String(value)}`);
  return value;
}

/** Checks a finite number >= 0. */
export function checkNonNegative(value: unknown, argument: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new ForecastInputError(argument, `must be a finite number >= 0, got ${String(value)}`);
  return value;
}

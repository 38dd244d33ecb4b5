/**
 * A plugin's parameters over its defaults. A name the defaults do not know is refused: a typo (`factor`
 * for `factors`, `maxDepht`) would otherwise fit with the default unnoticed. Every built-in plugin merges
 * its parameters here.
 */
export function withDefaults<P extends object>(defaults: Readonly<P>, params: Partial<P>): P {
  for (const key of Object.keys(params))
    if (!Object.hasOwn(defaults, key))
      throw new Error(`unknown parameter "${key}"; the parameters are ${Object.keys(defaults).join(', ')}`);
  return { ...defaults, ...params } as P;
}

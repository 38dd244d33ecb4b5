import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { classifierPlugin } from '../../src/propensity/index.js';
import { loadPlugins, recommenderPlugin } from '../../src/recs/index.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-plugins-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A module whose default export is `exported` (source text): a plugin only needs to declare itself here. */
function pluginSource(names: string[]): string {
  const plugins = names.map(
    (name) =>
      `{ kind: 'recommender', name: '${name}', formatVersion: 1, defaults: {}, fit() {}, serialize() {}, deserialize() {} }`,
  );
  return `export default ${names.length === 1 ? plugins[0] : `[${plugins.join(', ')}]`};\n`;
}

describe('loadPlugins', () => {
  it('registers the plugins of a path (against the directory) and of a package its project has', async () => {
    writeFileSync(join(dir, 'mine.mjs'), pluginSource(['from-path']));
    const pkg = join(dir, 'node_modules', 'storewise-plugin-two');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({ name: 'storewise-plugin-two', type: 'module', main: 'index.js' }),
    );
    writeFileSync(join(pkg, 'index.js'), pluginSource(['from-package-a', 'from-package-b']));
    expect(await loadPlugins(['./mine.mjs', 'storewise-plugin-two'], dir)).toEqual([
      'from-path',
      'from-package-a',
      'from-package-b',
    ]);
    expect(recommenderPlugin('from-package-b').name).toBe('from-package-b');
    // Loaded again (another command of the same process): nothing changes.
    expect(await loadPlugins(['./mine.mjs'], dir)).toEqual(['from-path']);
  });

  it('registers a classifier plugin among the propensity models', async () => {
    writeFileSync(
      join(dir, 'classifier.mjs'),
      "export default { kind: 'classifier', name: 'loaded-classifier', formatVersion: 1, defaults: {}, fit() {}, serialize() {}, deserialize() {} };\n",
    );
    expect(await loadPlugins(['./classifier.mjs'], dir)).toEqual(['loaded-classifier']);
    expect(classifierPlugin('loaded-classifier').name).toBe('loaded-classifier');
  });

  it('says which module could not be loaded, or is not a model plugin it can use', async () => {
    await expect(loadPlugins(['./missing.mjs'], dir)).rejects.toThrow(
      /^plugin \.\/missing\.mjs: cannot load it: /,
    );
    writeFileSync(join(dir, 'not-a-plugin.mjs'), 'export default { hello: 1 };\n');
    await expect(loadPlugins(['./not-a-plugin.mjs'], dir)).rejects.toThrow(
      "plugin ./not-a-plugin.mjs: its default export is not a model plugin (nor a list of them): kind must be a non-empty name of letters, digits, '.', '_' and '-' (got undefined); name must be",
    );
    // Each missing or wrong field is named.
    writeFileSync(
      join(dir, 'half.mjs'),
      "export default { kind: 'recommender', name: '', formatVersion: 1, defaults: {}, serialize() {}, deserialize() {} };\n",
    );
    await expect(loadPlugins(['./half.mjs'], dir)).rejects.toThrow(
      "its default export is not a model plugin (nor a list of them): name must be a non-empty name of letters, digits, '.', '_' and '-' (got \"\"); fit must be a function (got undefined)",
    );
    writeFileSync(
      join(dir, 'segmenter.mjs'),
      "export default { kind: 'segmenter', name: 's', formatVersion: 1, defaults: {}, fit() {}, serialize() {}, deserialize() {} };\n",
    );
    await expect(loadPlugins(['./segmenter.mjs'], dir)).rejects.toThrow(
      'plugin ./segmenter.mjs: segmenter/s: only recommender and classifier plugins can be loaded',
    );
  });
});

describe('loadPlugins: what a contributor gets wrong, with the fix in the message', () => {
  it('a name taken names both modules, or says a built-in has it', async () => {
    writeFileSync(join(dir, 'first.mjs'), pluginSource(['twice-named']));
    writeFileSync(join(dir, 'second.mjs'), pluginSource(['twice-named']));
    expect(await loadPlugins(['./first.mjs'], dir)).toEqual(['twice-named']);
    await expect(loadPlugins(['./second.mjs'], dir)).rejects.toThrow(
      'plugin ./second.mjs: model plugin recommender/twice-named is already registered by the plugin ./first.mjs: give one of them another name',
    );
    writeFileSync(join(dir, 'als.mjs'), pluginSource(['als']));
    await expect(loadPlugins(['./als.mjs'], dir)).rejects.toThrow(
      'plugin ./als.mjs: model plugin recommender/als is already registered (a built-in, or a plugin registered in code): give yours another name',
    );
  });

  it('a module with named exports only is told to export default', async () => {
    writeFileSync(
      join(dir, 'named.mjs'),
      pluginSource(['named-only']).replace('export default', 'export const favCat ='),
    );
    await expect(loadPlugins(['./named.mjs'], dir)).rejects.toThrow(
      'plugin ./named.mjs: its default export is not a model plugin (nor a list of them): it is undefined, not an object (the module has no default export, and exports favCat by name: add `export default favCat;`)',
    );
    writeFileSync(join(dir, 'nothing.mjs'), 'export const x = 1;\n');
    await expect(loadPlugins(['./nothing.mjs'], dir)).rejects.toThrow(
      'it is undefined, not an object (the module has no default export: `export default` your plugin, or a list of them)',
    );
  });

  it('a TypeScript module is told to build it to JavaScript or run under a loader', () => {
    // Vitest imports TypeScript itself: plain Node (20, as the CLI runs) on the built engine refuses it.
    writeFileSync(join(dir, 'fav-cat.ts'), pluginSource(['typed']));
    const engine = pathToFileURL(join(import.meta.dirname, '../../dist/index.js')).href;
    const script = `import { loadPlugins } from '${engine}';\nawait loadPlugins(['./fav-cat.ts'], ${JSON.stringify(dir)}).catch((e) => console.log(e.message));`;
    const run = spawnSync('node', ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stdout.trim()).toMatch(
      /^plugin \.\/fav-cat\.ts: cannot load it: Unknown file extension "\.ts" for .*fav-cat\.ts \(Node imports JavaScript: build the plugin to a \.js module, e\.g\. `npx tsc --outDir dist \.\.\.` as examples\/recommender-plugin\/README\.md shows, and load that; or run under a TypeScript loader, `node --import tsx`\)$/,
    );
  });
});

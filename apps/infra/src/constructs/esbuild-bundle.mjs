/**
 * Runs one esbuild bundle in a child process (bundle.ts): CDK's local bundling hook is synchronous, and
 * esbuild only runs plugins in its asynchronous API. Reads the build options as JSON on stdin.
 *
 * The one plugin: zod's `locales` namespace (every language's error messages, a quarter of a megabyte)
 * is replaced by English alone. @hono/zod-openapi passes the whole `z` namespace to
 * zod-to-openapi, so the bundler cannot drop the unused locales itself, and every cold start would parse
 * them. Nothing in this repository selects another locale; zod's default (English) is unchanged.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

/** @type {import('esbuild').Plugin} */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-english-only' }
        : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};

const options = JSON.parse(readFileSync(0, 'utf8'));
await build({ ...options, plugins: [zodEnglishOnly] });

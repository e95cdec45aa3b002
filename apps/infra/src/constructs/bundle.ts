/**
 * Lambda code for one entry of `apps/api/src/entry/`, bundled locally with the repository's esbuild
 * (never Docker), so `npm run synth` works offline.
 *
 * Not NodejsFunction's bundling: it writes one file (`--outfile`), which rules out code splitting.
 * Here the bundle is `index.mjs` plus `chunks/`: everything the code imports with `import()` (pdf.js,
 * music-metadata, file-type; see packages/adapters/src/media) lands in a chunk that Node only reads
 * when the import runs, so a cold start compiles only what the handler needs at init.
 *
 * esbuild runs in a child process (esbuild-bundle.mjs) because CDK's bundling hook is synchronous and
 * esbuild's plugins need its asynchronous API; the one plugin drops zod's non-English locales.
 *
 * Native modules are not bundled: `sharp` stays an external import, and the content function's asset
 * gets `node_modules/` with sharp and its linux-arm64 binaries (lambda-native.ts).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { BuildOptions } from 'esbuild';

/**
 * Packages that are never inlined: they load a platform-specific binary from their own directory.
 * @napi-rs/canvas (PDF first-page thumbnails) is not shipped to Lambda: there a PDF gets no thumbnail.
 */
export const nativeExternals = ['sharp', '@napi-rs/canvas'];

export interface RuntimeFiles {
  /** A package under the repository's node_modules whose files the code reads from disk at run time. */
  packageName: string;
  files: string[];
}

export interface BundleOptions {
  /** Names the bundle in CDK's per-process asset cache: one bundle per distinct id. */
  id: string;
  repoRoot: string;
  entryFile: string;
  /** Copied to `node_modules/<packageName>/` next to the bundle. */
  runtimeFiles?: RuntimeFiles[];
  /** A `node_modules` directory copied whole next to the bundle (native modules for the target platform). */
  nodeModulesDir?: string;
}

// Some dependencies still call require(), which ES module output does not define.
const requireShim =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** Writes the bundle of `options.entryFile` into `outputDir` (what Lambda unpacks into /var/task). */
export function bundleEntry(options: BundleOptions, outputDir: string): void {
  runEsbuild({
    absWorkingDir: options.repoRoot,
    entryPoints: { index: options.entryFile },
    outdir: outputDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    // ESM: the entries build their deps with top-level await, once per cold start.
    format: 'esm',
    platform: 'node',
    target: 'node22',
    mainFields: ['module', 'main'],
    // Whitespace and syntax are minified, identifiers are not: stack traces keep readable names without
    // esbuild's `keepNames`, which wraps every function and class in a `__name(...)` call that runs at
    // import (about 11 % of the API's module-init CPU in paired runs; the larger text costs less than that).
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: false,
    // No source maps: Node parses the whole map at import when they are enabled, which lengthens every
    // cold start.
    sourcemap: false,
    legalComments: 'none',
    banner: { js: requireShim },
    // The AWS SDK is bundled too: the versions the tests ran, not whatever the runtime ships.
    external: nativeExternals,
    logLevel: 'error',
  });
  for (const copy of options.runtimeFiles ?? []) {
    const from = join(options.repoRoot, 'node_modules', copy.packageName);
    const to = join(outputDir, 'node_modules', copy.packageName);
    mkdirSync(to, { recursive: true });
    for (const file of copy.files) cpSync(join(from, file), join(to, file));
  }
  if (options.nodeModulesDir) {
    cpSync(options.nodeModulesDir, join(outputDir, 'node_modules'), { recursive: true, dereference: true });
  }
}

const esbuildChild = fileURLToPath(new URL('./esbuild-bundle.mjs', import.meta.url));

/** esbuild with this repository's plugins (esbuild-bundle.mjs), synchronously: CDK's bundling hook is. */
function runEsbuild(buildOptions: BuildOptions): void {
  execFileSync(process.execPath, [esbuildChild], {
    input: JSON.stringify(buildOptions),
    stdio: ['pipe', 'inherit', 'inherit'],
  });
}

/**
 * The asset: bundled at synth time, hashed by its output (so an unchanged bundle is not uploaded again).
 * The Docker image is never used: local bundling always succeeds or throws.
 */
export function bundledCode(options: BundleOptions): lambda.Code {
  return lambda.Code.fromAsset(options.repoRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('local-esbuild-bundling-only'),
      // CDK caches bundles per process by the bundling options; the id keeps different bundles apart.
      command: ['bundle', options.id],
      local: {
        tryBundle(outputDir) {
          bundleEntry(options, outputDir);
          return true;
        },
      },
    },
  });
}

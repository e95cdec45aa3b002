/**
 * sharp for the Lambda functions (Node 22, linux-arm64, glibc). The repository's node_modules holds the
 * binaries of the machine that installed it (linux-x64 here), so the arm64 ones are installed on
 * their own, from apps/infra/lambda-native/linux-arm64/package-lock.json, with npm's platform flags:
 *
 *   npm run lambda-native        (needs the npm registry once, like `npm ci`; synth itself is offline)
 *
 * The content function's asset then carries `node_modules/` with sharp, `@img/sharp-linux-arm64` and
 * `@img/sharp-libvips-linux-arm64`, next to `index.mjs`: the bundle's `import('sharp')` resolves there
 * as in any Node project. (Not a layer: Lambda puts layers under /opt/nodejs, which ES module imports
 * do not search; NODE_PATH only applies to require().)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const lambdaNativeDir = (repoRoot: string) => join(repoRoot, 'apps/infra/lambda-native/linux-arm64');

const readVersion = (packageDir: string): string | undefined => {
  const file = join(packageDir, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : undefined;
};

/**
 * The `node_modules` directory to ship with the content function, after checking it holds sharp at
 * the version the repository (and its tests) use, with the linux-arm64 binary and libvips it loads.
 * Throws with the command to run when it does not, so a synth cannot produce a function that fails
 * on its first image.
 */
export function sharpLinuxArm64NodeModules(repoRoot: string): string {
  const nodeModules = join(lambdaNativeDir(repoRoot), 'node_modules');
  const fix = 'run `npm run lambda-native` (installs sharp for linux-arm64 from apps/infra/lambda-native)';
  const wanted = readVersion(join(repoRoot, 'node_modules/sharp'));
  const shipped = readVersion(join(nodeModules, 'sharp'));
  if (!shipped) throw new Error(`sharp for linux-arm64 is not installed: ${fix}`);
  if (wanted !== shipped) {
    throw new Error(
      `sharp for linux-arm64 is ${shipped} but the repository uses ${wanted}: update apps/infra/lambda-native/linux-arm64/package.json and ${fix}`,
    );
  }
  const binaryDir = join(nodeModules, '@img/sharp-linux-arm64/lib');
  const libvipsDir = join(nodeModules, '@img/sharp-libvips-linux-arm64/lib');
  const hasBinary = existsSync(binaryDir) && readdirSync(binaryDir).some((f) => f.endsWith('.node'));
  const hasLibvips = existsSync(libvipsDir) && readdirSync(libvipsDir).some((f) => f.startsWith('libvips-cpp.so'));
  if (!hasBinary || !hasLibvips) throw new Error(`sharp's linux-arm64 binaries are missing: ${fix}`);
  return nodeModules;
}

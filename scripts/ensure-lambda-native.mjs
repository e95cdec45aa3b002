/**
 * Installs sharp for linux-arm64 (apps/infra/lambda-native) when it is missing or not the repository's
 * version, so `npm test` and `npm run synth` work on a fresh clone without a separate step. It needs
 * the npm registry, like `npm install`; afterwards synth is offline. Run directly or imported.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const nativeModules = join(root, 'apps/infra/lambda-native/linux-arm64/node_modules');

const versionOf = (dir) => {
  const file = join(dir, 'package.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : undefined;
};

function installed() {
  const wanted = versionOf(join(root, 'node_modules/sharp'));
  const binaries = join(nativeModules, '@img/sharp-linux-arm64/lib');
  return (
    wanted !== undefined &&
    versionOf(join(nativeModules, 'sharp')) === wanted &&
    existsSync(binaries) &&
    readdirSync(binaries).some((file) => file.endsWith('.node'))
  );
}

export function ensureLambdaNative() {
  if (installed()) return;
  console.log('installing sharp for linux-arm64 (apps/infra/lambda-native) for the Lambda bundles');
  const result = spawnSync('npm', ['run', 'lambda-native', '--silent'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run lambda-native failed (exit ${result.status ?? result.signal})`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureLambdaNative();

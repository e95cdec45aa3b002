/**
 * The Node flags of `npm start` (package.json's `start` script), so the benchmark runs the platform
 * exactly as the README's command does (today: a larger young generation, see apps/api/README.md).
 * A start script this cannot read fails the run instead of benchmarking a different process.
 */
import { readFileSync } from 'node:fs';

const serverCommand = /(?:^|&&\s*)node((?:\s+--[\w-]+(?:=\S+)?)*)\s+--import tsx apps\/api\/src\/cli\.ts start\s*$/;

export function startScriptNodeFlags(startScript: string): string[] {
  const match = serverCommand.exec(startScript);
  if (!match)
    throw new Error(
      `package.json's start script does not end in "node [flags] --import tsx apps/api/src/cli.ts start": ${startScript}`,
    );
  return (match[1] ?? '').split(/\s+/).filter(Boolean);
}

export function npmStartNodeFlags(packageJsonPath: string): string[] {
  const { scripts } = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { scripts?: Record<string, string> };
  return startScriptNodeFlags(scripts?.start ?? '');
}

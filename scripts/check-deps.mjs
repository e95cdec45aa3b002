#!/usr/bin/env node
/**
 * The dependency rule (ARCHITECTURE.md): core imports nothing of ours; adapters import only core;
 * api-schemas imports nothing of ours; web imports only api-schemas; api imports core, adapters and
 * api-schemas. Also: only apps/api/src/config.ts reads process.env (apps/infra and scripts aside).
 * Prints every violation and exits 1 when there is one. Used by the test suite.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const allowed = {
  'packages/core': [],
  'packages/adapters': ['@diatonic/core'],
  'packages/api-schemas': [],
  'apps/web': ['@diatonic/api-schemas'],
  'apps/api': ['@diatonic/core', '@diatonic/adapters', '@diatonic/api-schemas'],
};
const ownPackages = ['@diatonic/core', '@diatonic/adapters', '@diatonic/api-schemas', '@diatonic/api', '@diatonic/web'];
const envReaders = new Set(['apps/api/src/config.ts']);

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(name)) yield path;
  }
}

const importPattern =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

export function findViolations() {
  const violations = [];
  for (const [pkg, deps] of Object.entries(allowed)) {
    let files;
    try {
      files = [...sourceFiles(join(root, pkg))];
    } catch {
      continue;
    }
    for (const file of files) {
      const rel = relative(root, file);
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(importPattern)) {
        const spec = match[1] ?? match[2] ?? match[3];
        const own = ownPackages.find((p) => spec === p || spec.startsWith(`${p}/`));
        const self = `@diatonic/${pkg.split('/')[1]}`;
        if (own && own !== self && !deps.includes(own)) {
          violations.push(
            `${rel}: imports ${spec}, but ${pkg} may import only [${deps.join(', ') || 'nothing of ours'}]`,
          );
        }
        if (spec.startsWith('.')) {
          const target = relative(root, join(file, '..', spec));
          if (!target.startsWith(`${pkg}/`)) violations.push(`${rel}: reaches outside ${pkg} with ${spec}`);
        }
      }
      // Tests and their support folders (`test/`, `e2e/`) may pass the environment on to child processes.
      const isTestCode = /\.test\.tsx?$/.test(rel) || /(^|\/)(test|e2e)\//.test(rel);
      if (/process\.env/.test(text) && !envReaders.has(rel) && !isTestCode) {
        violations.push(`${rel}: reads process.env; only apps/api/src/config.ts may`);
      }
    }
  }
  return violations;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const violations = findViolations();
  for (const v of violations) console.error(`dependency rule: ${v}`);
  if (violations.length > 0) process.exit(1);
  console.log('dependency rule: ok');
}

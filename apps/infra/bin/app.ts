/**
 * The CDK app: one stack per stage (dev, staging, prod) from stage-config.ts. `npm run synth` writes
 * the three templates to apps/infra/cdk.out offline (no AWS credentials, no Docker; esbuild bundles
 * the functions locally). `cdk deploy` uses the same entry through apps/infra/cdk.json.
 */

import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { createStages } from '../src/create-stages.ts';

const app = new App({ outdir: fileURLToPath(new URL('../cdk.out', import.meta.url)) });
createStages(app);
const assembly = app.synth();
for (const stack of assembly.stacks) console.log(`synthesised ${stack.stackName} → ${stack.templateFullPath}`);

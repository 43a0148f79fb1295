/**
 * The bundles the bench measures, all built with the stack's own esbuild settings
 * (`esbuildOptions` in `infra/bundling.ts`): the product's handler, and a baseline the bench
 * writes itself — a handler that imports only `@aws-sdk/client-ssm` and zod — so that cold
 * import times are compared with the bare minimum built the same way, in the same run.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLE_FILE, esbuildOptions } from '../infra/bundling';
import type { Config } from '../lambda/config/schema';
import { PROJECT_ROOT } from './options';

/**
 * The baseline handler: reads a secret from SSM and validates a body with zod, as the product
 * does, so that neither import is tree-shaken away. `import * as z` is zod's small entry.
 */
export const BASELINE_SOURCE = `/** Bench baseline: the least a webhook handler imports. */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import * as z from 'zod';

const ssm = new SSMClient({});
const booking = z.object({ booking_id: z.string().min(1), start: z.string().min(1) });

export async function handler(event: { body?: string }) {
  const parsed = booking.safeParse(JSON.parse(event.body ?? '{}'));
  const read = new GetParameterCommand({ Name: '/baseline', WithDecryption: true });
  const secret = await ssm.send(read);
  const status = parsed.success ? 200 : 400;
  return { statusCode: status, body: String(secret.Parameter?.Value?.length) };
}
`;

/** A bundle on disk and its size in bytes. */
export interface BuiltBundle {
  readonly file: string;
  readonly bytes: number;
}

async function written(file: string): Promise<BuiltBundle> {
  return { file, bytes: statSync(file).size };
}

/** The product's handler bundle for `config`, exactly as the stack builds it. */
export async function buildHandler(config: Config, dir: string): Promise<BuiltBundle> {
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, BUNDLE_FILE);
  await build(esbuildOptions(config, outfile));
  return written(outfile);
}

/** The baseline: the same options, the generated handler as the entry point. */
export async function buildBaseline(config: Config, dir: string): Promise<BuiltBundle> {
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, BUNDLE_FILE);
  // Kept next to the bundle for whoever reads the result; built from stdin so that packages
  // resolve from the project wherever the results directory is.
  writeFileSync(join(dir, 'baseline-handler.ts.txt'), BASELINE_SOURCE);
  const { entryPoints: _product, ...options } = esbuildOptions(config, outfile);
  await build({
    ...options,
    stdin: {
      contents: BASELINE_SOURCE,
      resolveDir: PROJECT_ROOT,
      sourcefile: 'baseline-handler.ts',
      loader: 'ts',
    },
  });
  return written(outfile);
}

/**
 * The warm loop's driver as one plain ES module, so its child process runs on bare `node`:
 * no TypeScript loader in the process whose CPU time and peak RSS are measured.
 */
export async function buildWarmDriver(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'warm-driver.mjs');
  await build({
    entryPoints: [join(PROJECT_ROOT, 'bench', 'warm-child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    logLevel: 'warning',
  });
  return outfile;
}

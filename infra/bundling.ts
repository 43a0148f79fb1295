/**
 * How the one Lambda bundle is built, described once: the stack hands {@link bundlingOptions} to
 * `NodejsFunction`, and the benchmark and the bundle test build with {@link esbuildOptions}, the
 * same settings spelled the way esbuild's own API wants them.
 */
import { join } from 'node:path';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import type { Config } from '../lambda/config/schema';

/** The repository root: where package-lock.json and node_modules live. */
export const PROJECT_ROOT = join(import.meta.dirname, '..');

/** Both entry points (`handler`, `worker`) live in this one file. */
export const HANDLER_ENTRY = join(PROJECT_ROOT, 'lambda', 'handler.ts');

/** The file esbuild writes inside the asset; Lambda finds `index.handler` / `index.worker`. */
export const BUNDLE_FILE = 'index.mjs';

export const RUNTIME = Runtime.NODEJS_24_X;
export const ARCHITECTURE = Architecture.ARM_64;
const TARGET = 'node24';

/**
 * ESM output still bundles CommonJS dependencies (parts of the AWS SDK and Powertools), whose
 * `require` of Node built-ins esbuild cannot rewrite; an ES module has no `require`, so the
 * bundle makes one. The alias keeps the name from colliding with a bundled `createRequire`.
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __bundleCreateRequire } from 'node:module';" +
  'const require = __bundleCreateRequire(import.meta.url);';

/** Lambda gives credentials in the environment; see lambda/aws/lambda-credentials.ts. */
const CREDENTIALS_ALIAS = {
  '@aws-sdk/credential-provider-node': './lambda/aws/lambda-credentials.ts',
} as const;

/** Prefer dependencies' ES module builds: they tree-shake, CommonJS builds do not. */
const MAIN_FIELDS = ['module', 'main'];

/**
 * The validated config as the `__WEBHOOK_CONFIG__` constant (`lambda/handler.ts`): baked into
 * the bundle because Lambda's environment holds 4 KB in all. The value is JavaScript source
 * text, so the JSON document is itself quoted as a string literal.
 */
export function configDefine(config: Config): Record<string, string> {
  return { __WEBHOOK_CONFIG__: JSON.stringify(JSON.stringify(config)) };
}

/** Bundling options for `NodejsFunction`; identical for both functions, so one asset. */
export function bundlingOptions(config: Config): BundlingOptions {
  return {
    // No Docker engine on these machines, and nothing here needs a Lambda-like build box.
    forceDockerBundling: false,
    format: OutputFormat.ESM,
    target: TARGET,
    mainFields: MAIN_FIELDS,
    banner: ESM_REQUIRE_BANNER,
    minify: true,
    sourceMap: true,
    // Stack traces need the mappings, not a copy of every source file: keeps the map small.
    sourcesContent: false,
    // The SDK is bundled rather than taken from the runtime: one bundle imports faster than the
    // runtime's many small CommonJS files (measured, see toolchain notes), and the version is
    // the one the tests ran against.
    externalModules: [],
    esbuildArgs: Object.fromEntries(
      Object.entries(CREDENTIALS_ALIAS).map(([from, to]) => [`--alias:${from}`, to]),
    ),
    define: configDefine(config),
  };
}

/**
 * The same build through esbuild's API, writing `outfile`: for the benchmark ("built with the
 * stack's own esbuild settings") and for tests that import the bundle.
 */
export function esbuildOptions(config: Config, outfile: string): BuildOptions {
  return {
    entryPoints: [HANDLER_ENTRY],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: TARGET,
    mainFields: MAIN_FIELDS,
    banner: { js: ESM_REQUIRE_BANNER },
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external: [],
    alias: CREDENTIALS_ALIAS,
    absWorkingDir: PROJECT_ROOT,
    define: configDefine(config),
    logLevel: 'warning',
  };
}

/**
 * Cold import: fresh `node` processes (this Node, `process.execPath`) that each import one
 * bundle once and report how long `import()` took, as Lambda's init phase would load it. The
 * product and the baseline alternate, so drift on the machine hits both alike.
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { median, round } from './stats';

/** Runs inside each fresh process: time the import, print it, nothing else. */
const IMPORT_SCRIPT = [
  'const started = performance.now();',
  'await import(process.argv[1]);',
  'const ms = performance.now() - started;',
  "process.stdout.write('\\n' + JSON.stringify({ ms, node: process.version }) + '\\n');",
].join('\n');

/** One bundle's import times, in the order measured. */
export interface ColdSamples {
  readonly samplesMs: number[];
  readonly medianMs: number;
}

/** Both bundles' import times, from one run. */
export interface ColdImport {
  readonly product: ColdSamples;
  readonly baseline: ColdSamples;
  /** Median of the product over median of the baseline. */
  readonly ratio: number;
  readonly node: string;
}

interface OneImport {
  readonly ms: number;
  readonly node: string;
}

function importOnce(file: string, env: NodeJS.ProcessEnv): Promise<OneImport> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', IMPORT_SCRIPT, pathToFileURL(file).href],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    // A bundle that hangs at import is a finding; a bench that hangs with it is not.
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        reject(new Error(`importing ${file} failed (exit ${code}): ${err.slice(0, 2_000)}`));
        return;
      }
      resolve(JSON.parse(last) as OneImport);
    });
  });
}

function summary(samples: number[]): ColdSamples {
  return { samplesMs: samples.map((ms) => round(ms, 2)), medianMs: round(median(samples), 2) };
}

/** `runs` imports of each bundle, alternating, one fresh process each. */
export async function measureColdImport(
  productFile: string,
  baselineFile: string,
  runs: number,
  env: NodeJS.ProcessEnv,
): Promise<ColdImport> {
  const product: number[] = [];
  const baseline: number[] = [];
  let node = '';
  // One unmeasured import of each first: the OS page cache then holds both files and node.
  await importOnce(productFile, env);
  await importOnce(baselineFile, env);
  for (let run = 0; run < runs; run += 1) {
    const first = await importOnce(run % 2 === 0 ? productFile : baselineFile, env);
    const second = await importOnce(run % 2 === 0 ? baselineFile : productFile, env);
    (run % 2 === 0 ? product : baseline).push(first.ms);
    (run % 2 === 0 ? baseline : product).push(second.ms);
    node = first.node;
  }
  const result = { product: summary(product), baseline: summary(baseline) };
  return { ...result, ratio: round(median(product) / median(baseline)), node };
}

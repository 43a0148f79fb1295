/**
 * The operator's command line as its own process, the way `npm run bookings` starts it: no AWS
 * region or credentials in its environment, talking to the local dynalite.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoStandIn, startDynamoStandIn } from '../../local/dynamo-standin';

const run = promisify(execFile);
let dynamo: DynamoStandIn;

/** The test runner sets AWS variables; a newcomer's shell has none. */
function bareEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')),
  );
}

beforeAll(async () => {
  dynamo = await startDynamoStandIn();
});
afterAll(() => dynamo.close());

describe('npm run bookings, as a separate process', () => {
  it('lists the local run without any AWS configuration', async () => {
    const { stdout } = await run(
      'node_modules/.bin/tsx',
      ['local/bookings-cli.ts', 'list', '--endpoint', dynamo.url],
      { env: bareEnvironment() },
    );
    expect(stdout.trim()).toBe('No bookings.');
  });

  it('prints its usage for --help and for an unknown option', async () => {
    const help = await run('node_modules/.bin/tsx', ['local/bookings-cli.ts', '--help']);
    const unknown = await run('node_modules/.bin/tsx', ['local/bookings-cli.ts', '--bogus']).catch(
      (error: { code: number; stdout: string }) => error,
    );
    expect(help.stdout).toMatch(/^usage: npm run bookings/);
    expect(unknown).toMatchObject({ code: 2, stdout: expect.stringMatching(/Unknown option/) });
  });
});

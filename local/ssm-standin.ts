/**
 * A local SSM Parameter Store speaking the real JSON 1.1 wire protocol, so the real AWS SDK
 * client (and Powertools on top of it) talks to it unchanged via `AWS_ENDPOINT_URL_SSM`.
 * It answers GetParameter and GetParameters, counts calls, and can be switched off.
 */
import { listen, type RunningServer, readBody } from './http-server';

export interface SsmStandIn extends RunningServer {
  /** GetParameter/GetParameters calls answered so far. */
  readonly calls: () => number;
  /** Sets or replaces a parameter (e.g. to rotate a key in a test). */
  put(name: string, value: string): void;
  /** While down, every call answers 503 like an unavailable service. */
  setDown(down: boolean): void;
}

function parameter(name: string, value: string) {
  return {
    Name: name,
    Type: 'SecureString',
    Value: value,
    Version: 1,
    DataType: 'text',
    LastModifiedDate: 1_772_000_000,
    ARN: `arn:aws:ssm:eu-central-1:000000000000:parameter${name}`,
  };
}

export async function startSsmStandIn(seed: Record<string, string>, port = 0): Promise<SsmStandIn> {
  const values = new Map(Object.entries(seed));
  let calls = 0;
  let down = false;

  const server = await listen(async (request, response) => {
    const body = await readBody(request);
    const target = String(request.headers['x-amz-target'] ?? '');
    const reply = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(payload));
    };
    if (down) {
      reply(503, { __type: 'ServiceUnavailable', message: 'The SSM stand-in is down.' });
      return;
    }
    const input = JSON.parse(body.toString('utf8') || '{}') as { Name?: string; Names?: string[] };

    if (target === 'AmazonSSM.GetParameter') {
      calls += 1;
      const value = values.get(input.Name ?? '');
      if (value === undefined) {
        reply(400, { __type: 'ParameterNotFound', message: `Parameter ${input.Name} not found.` });
        return;
      }
      reply(200, { Parameter: parameter(input.Name ?? '', value) });
      return;
    }
    if (target === 'AmazonSSM.GetParameters') {
      calls += 1;
      const names = input.Names ?? [];
      reply(200, {
        Parameters: names
          .filter((n) => values.has(n))
          .map((n) => parameter(n, values.get(n) ?? '')),
        InvalidParameters: names.filter((n) => !values.has(n)),
      });
      return;
    }
    reply(400, { __type: 'InvalidAction', message: `The SSM stand-in does not answer ${target}.` });
  }, port);

  return {
    ...server,
    calls: () => calls,
    put: (name, value) => values.set(name, value),
    setDown: (value) => {
      down = value;
    },
  };
}

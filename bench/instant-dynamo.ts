/**
 * A DynamoDB endpoint that answers at once, for the warm loop: every booking there is new, so
 * Powertools' conditional PutItem (INPROGRESS) succeeds, and its UpdateItem (COMPLETED) and
 * DeleteItem need no answer but success. dynalite would answer the same, but its LevelDB work
 * would set the pace of 10,000s of bookings; the product's CPU is measured in another process,
 * so this one's speed only decides how long the loop takes. Anything else is refused loudly.
 */
import { listen, type RunningServer, readBody } from '../local/http-server';

/** The endpoint's address, and what it answered. */
export interface InstantDynamo extends RunningServer {
  /** Calls answered, by operation (`PutItem`, …). */
  counts(): Record<string, number>;
}

const ANSWERED = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

/** Listens on a loopback port. */
export async function startInstantDynamo(): Promise<InstantDynamo> {
  const counts: Record<string, number> = {};
  const server = await listen(async (request, response) => {
    await readBody(request);
    const target = String(request.headers['x-amz-target'] ?? 'unknown');
    const name = target.slice(target.lastIndexOf('.') + 1);
    counts[name] = (counts[name] ?? 0) + 1;
    const known = ANSWERED.has(name);
    response.writeHead(known ? 200 : 400, { 'content-type': 'application/x-amz-json-1.0' });
    response.end(
      known
        ? '{}'
        : JSON.stringify({
            __type: 'com.amazon.coral.validate#ValidationException',
            message: `The bench's instant DynamoDB does not answer ${name}.`,
          }),
    );
  });
  return { ...server, counts: () => ({ ...counts }) };
}

/**
 * dynalite (DynamoDB on LevelDB, in memory) on a loopback port, with the tables created from
 * the same definitions the stack uses, behind a small front that adds what dynalite leaves out
 * of DynamoDB's protocol.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { TableNames } from '../lambda/store/dynamo';
import {
  BOOKINGS_TABLE,
  IDEMPOTENCY_TABLE,
  TABLES,
  type TableDefinition,
} from '../lambda/store/tables';
import { listen, type RunningServer, readBody } from './http-server';

export interface DynamoStandIn extends RunningServer {
  readonly tables: TableNames;
  /** The next `count` UpdateItem calls on `table` are throttled, as DynamoDB may do. */
  throttleUpdates(table: string, count: number): void;
}

function createTableCommand(table: TableDefinition, name: string): CreateTableCommand {
  const attributes = new Map<string, 'S' | 'N'>([
    [table.partitionKey.name, table.partitionKey.type],
  ]);
  for (const index of table.globalIndexes) {
    attributes.set(index.partitionKey.name, index.partitionKey.type);
    attributes.set(index.sortKey.name, index.sortKey.type);
  }
  return new CreateTableCommand({
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: table.partitionKey.name, KeyType: 'HASH' }],
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType,
    })),
    ...(table.globalIndexes.length > 0
      ? {
          GlobalSecondaryIndexes: table.globalIndexes.map((index) => ({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
              { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
            ],
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
  });
}

/**
 * DynamoDB answers a failed conditional write that asked for
 * `ReturnValuesOnConditionCheckFailure: ALL_OLD` with the stored item; dynalite leaves it out,
 * which would make Powertools read the record again and every duplicate cost one more call
 * than in AWS. This front adds the item, read with a GetItem of the same key.
 */
async function forward(
  dynaliteUrl: string,
  request: IncomingMessage,
  response: ServerResponse,
  throttled: Map<string, number>,
) {
  const body = await readBody(request);
  if (String(request.headers['x-amz-target']).endsWith('.UpdateItem')) {
    const table = String((JSON.parse(body.toString('utf8')) as { TableName?: string }).TableName);
    const left = throttled.get(table) ?? 0;
    if (left > 0) {
      throttled.set(table, left - 1);
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(
        JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
          message: 'The stand-in throttled this write.',
        }),
      );
      return;
    }
  }
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(([name]) => !['host', 'content-length'].includes(name)),
  ) as Record<string, string>;
  const upstream = await fetch(dynaliteUrl, { method: 'POST', headers, body });
  let text = await upstream.text();

  const target = String(request.headers['x-amz-target'] ?? '');
  if (upstream.status === 400 && target.endsWith('.PutItem') && text.includes('ConditionalCheck')) {
    const input = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    if (input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD') {
      text = await withStoredItem(dynaliteUrl, headers, input, text);
    }
  }
  response.writeHead(upstream.status, { 'content-type': 'application/x-amz-json-1.0' });
  response.end(text);
}

async function withStoredItem(
  dynaliteUrl: string,
  headers: Record<string, string>,
  put: Record<string, unknown>,
  errorText: string,
): Promise<string> {
  const table = TABLES.find((t) => t.id === put.TableName);
  const item = put.Item as Record<string, unknown> | undefined;
  if (!table || !item) return errorText;
  const key = { [table.partitionKey.name]: item[table.partitionKey.name] };
  const got = await fetch(dynaliteUrl, {
    method: 'POST',
    headers: { ...headers, 'x-amz-target': 'DynamoDB_20120810.GetItem' },
    body: JSON.stringify({ TableName: put.TableName, Key: key, ConsistentRead: true }),
  });
  const { Item } = (await got.json()) as { Item?: unknown };
  return Item ? JSON.stringify({ ...JSON.parse(errorText), Item }) : errorText;
}

export async function startDynamoStandIn(port = 0): Promise<DynamoStandIn> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const dynaliteUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const throttled = new Map<string, number>();
  const front = await listen(
    (request, response) => forward(dynaliteUrl, request, response, throttled),
    port,
  );
  const { url, port: actual } = front;

  // Locally each table is named by its logical id, which is also the function's default.
  const client = new DynamoDBClient({ endpoint: url });
  await Promise.all(TABLES.map((table) => client.send(createTableCommand(table, table.id))));
  client.destroy();
  const tables: TableNames = { idempotency: IDEMPOTENCY_TABLE.id, bookings: BOOKINGS_TABLE.id };

  return {
    url,
    port: actual,
    tables,
    throttleUpdates: (table, count) => throttled.set(table, count),
    close: async () => {
      await front.close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  };
}

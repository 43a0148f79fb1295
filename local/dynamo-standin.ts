/**
 * dynalite (DynamoDB on LevelDB, in memory) on a loopback port, with the tables created from
 * the same definitions the stack uses.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { TableNames } from '../lambda/store/dynamo';
import {
  BOOKINGS_TABLE,
  IDEMPOTENCY_TABLE,
  TABLES,
  type TableDefinition,
} from '../lambda/store/tables';
import type { RunningServer } from './http-server';

export interface DynamoStandIn extends RunningServer {
  readonly tables: TableNames;
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

export async function startDynamoStandIn(port = 0): Promise<DynamoStandIn> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${actual}`;

  // Locally each table is named by its logical id, which is also the function's default.
  const client = new DynamoDBClient({ endpoint: url });
  await Promise.all(TABLES.map((table) => client.send(createTableCommand(table, table.id))));
  client.destroy();
  const tables: TableNames = { idempotency: IDEMPOTENCY_TABLE.id, bookings: BOOKINGS_TABLE.id };

  return {
    url,
    port: actual,
    tables,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/**
 * The DynamoDB clients, and the table names the stack passes in the environment.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BOOKINGS_TABLE, IDEMPOTENCY_TABLE, TABLE_ENV } from './tables';

export interface TableNames {
  readonly idempotency: string;
  readonly bookings: string;
}

/** Deployed names from the environment; the logical ids (as created locally) otherwise. */
export function tableNamesFromEnvironment(env = process.env): TableNames {
  return {
    idempotency: env[TABLE_ENV.idempotency] ?? IDEMPOTENCY_TABLE.id,
    bookings: env[TABLE_ENV.bookings] ?? BOOKINGS_TABLE.id,
  };
}

export function createDynamoClient(endpoint?: string): DynamoDBClient {
  // A short, bounded retry: a sender waits for our answer, so an outage must turn into a
  // 503 quickly rather than after the SDK's default back-off.
  return new DynamoDBClient({ ...(endpoint ? { endpoint } : {}), maxAttempts: 2 });
}

export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

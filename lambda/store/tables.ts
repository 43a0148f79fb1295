/**
 * The DynamoDB tables, described once. The CDK stack builds them from this, and the local run
 * and the tests create them in dynalite from the same description, so they cannot drift.
 */

export interface TableDefinition {
  /** Logical name: the CDK construct id, and the table name in local runs. */
  readonly id: string;
  readonly partitionKey: { readonly name: string; readonly type: 'S' | 'N' };
  readonly timeToLiveAttribute: string;
  readonly globalIndexes: ReadonlyArray<{
    readonly name: string;
    readonly partitionKey: { readonly name: string; readonly type: 'S' | 'N' };
    readonly sortKey: { readonly name: string; readonly type: 'S' | 'N' };
  }>;
}

/**
 * Powertools idempotency records: one per booking key, holding the meeting once created.
 * Attribute names are Powertools' defaults.
 */
export const IDEMPOTENCY_TABLE: TableDefinition = {
  id: 'IdempotencyTable',
  partitionKey: { name: 'id', type: 'S' },
  timeToLiveAttribute: 'expiration',
  globalIndexes: [],
};

/**
 * Bookings parked after a transient Conpeek failure, and those that finally failed. The
 * `byState` index lets the worker read only the parked ones that are due.
 */
export const BOOKINGS_TABLE: TableDefinition = {
  id: 'BookingsTable',
  partitionKey: { name: 'bookingKey', type: 'S' },
  timeToLiveAttribute: 'expiresAt',
  globalIndexes: [
    {
      name: 'byState',
      partitionKey: { name: 'state', type: 'S' },
      sortKey: { name: 'nextAttemptAt', type: 'N' },
    },
  ],
};

export const TABLES = [IDEMPOTENCY_TABLE, BOOKINGS_TABLE] as const;

/** Environment variables that carry the deployed table names to the function. */
export const TABLE_ENV = {
  idempotency: 'IDEMPOTENCY_TABLE_NAME',
  bookings: 'BOOKINGS_TABLE_NAME',
} as const;

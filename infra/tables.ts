/**
 * The DynamoDB tables, built from the descriptions in `lambda/store/tables.ts` that the local
 * run and the tests also use, so the deployed tables cannot drift from what the code expects.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { BOOKINGS_TABLE, IDEMPOTENCY_TABLE, type TableDefinition } from '../lambda/store/tables';

const ATTRIBUTE_TYPE = { S: AttributeType.STRING, N: AttributeType.NUMBER } as const;

function attribute(key: { readonly name: string; readonly type: 'S' | 'N' }) {
  return { name: key.name, type: ATTRIBUTE_TYPE[key.type] };
}

/** One table from its description: on demand, TTL, point-in-time recovery, retained. */
export function tableFrom(scope: Construct, definition: TableDefinition): Table {
  const table = new Table(scope, definition.id, {
    partitionKey: attribute(definition.partitionKey),
    // Webhook traffic is bursty and small; on demand costs nothing when idle.
    billingMode: BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: definition.timeToLiveAttribute,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: TableEncryption.AWS_MANAGED,
    // Retained on stack deletion or replacement: the bookings table holds parked bookings that
    // no sender will deliver again (Cal.com sends once), and the idempotency table is what
    // stops a sender's late retry from creating a second meeting. Losing either to a
    // `cdk destroy` would break the promise of exactly one meeting per booking.
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const index of definition.globalIndexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: attribute(index.partitionKey),
      sortKey: attribute(index.sortKey),
      // The worker needs the whole parked request; ALL saves a read per due booking.
      projectionType: ProjectionType.ALL,
    });
  }
  return table;
}

/** The stack's two tables. */
export interface WebhookTables {
  /** Powertools idempotency records: one per booking key. */
  readonly idempotency: Table;
  /** Parked and failed bookings, with the `byState` index the worker queries. */
  readonly bookings: Table;
}

/** Builds both tables. */
export function createTables(scope: Construct): WebhookTables {
  return {
    idempotency: tableFrom(scope, IDEMPOTENCY_TABLE),
    bookings: tableFrom(scope, BOOKINGS_TABLE),
  };
}

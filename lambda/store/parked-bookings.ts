/**
 * Bookings parked after a transient Conpeek failure, kept in DynamoDB until the worker creates
 * their meeting or gives up. Each item holds only what is needed to retry and to tell the
 * operator what happened: source, booking id, start, project, attempts, last error. No names,
 * no e-mails, no bodies.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Booking, bookingKey, bookingStart } from '../booking/booking';
import { BOOKINGS_TABLE } from './tables';

export type ParkedState = 'parked' | 'failed' | 'created';

export interface ParkedBooking extends Booking {
  readonly bookingKey: string;
  readonly state: ParkedState;
  readonly attempts: number;
  /** Epoch ms. */
  readonly parkedAt: number;
  readonly nextAttemptAt: number;
  readonly lastError: string;
  readonly meetingId?: string;
}

const DAY_MS = 86_400_000;

export class ParkedBookings {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Items are kept this long after their start, then expire by TTL. */
    private readonly keepDays: number,
  ) {}

  #expiresAt(booking: Booking): number {
    const start = bookingStart(booking);
    return Math.floor((start + this.keepDays * DAY_MS) / 1000);
  }

  /**
   * Parks a booking, or records one more failure of an already parked one. Attempts and the
   * time it was first parked survive repeated parking (a sender retrying during the outage).
   */
  async park(booking: Booking, now: number, nextAttemptAt: number, error: string): Promise<void> {
    await this.client
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { bookingKey: bookingKey(booking) },
          // Every attribute goes by a placeholder: DynamoDB reserves hundreds of plain words
          // (`project` and `source` among them).
          UpdateExpression:
            'SET #source = :source, #bookingId = :bookingId, #fromDate = :fromDate, ' +
            '#project = :project, #state = :parked, #next = :next, #error = :error, ' +
            '#attempts = if_not_exists(#attempts, :zero), ' +
            '#parkedAt = if_not_exists(#parkedAt, :now), #expiresAt = :expiresAt',
          // A booking the worker already finished stays finished.
          ConditionExpression: 'attribute_not_exists(#state) OR #state <> :created',
          ExpressionAttributeNames: {
            '#source': 'source',
            '#bookingId': 'bookingId',
            '#fromDate': 'fromDate',
            '#project': 'project',
            '#state': 'state',
            '#next': 'nextAttemptAt',
            '#error': 'lastError',
            '#attempts': 'attempts',
            '#parkedAt': 'parkedAt',
            '#expiresAt': 'expiresAt',
          },
          ExpressionAttributeValues: {
            ':source': booking.source,
            ':bookingId': booking.bookingId,
            ':fromDate': booking.fromDate,
            ':project': booking.project,
            ':parked': 'parked',
            ':created': 'created',
            ':next': nextAttemptAt,
            ':error': error,
            ':zero': 0,
            ':now': now,
            ':expiresAt': this.#expiresAt(booking),
          },
        }),
      )
      .catch((error: unknown) => {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      });
  }

  /** Records the worker's verdict on one attempt. */
  async settle(
    key: string,
    update: { state: ParkedState; attempts: number; nextAttemptAt: number; lastError: string },
    meetingId?: string,
  ): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { bookingKey: key },
        // Every attribute goes by a placeholder: DynamoDB reserves hundreds of plain words.
        UpdateExpression:
          'SET #state = :state, #attempts = :attempts, #next = :next, #error = :error' +
          (meetingId ? ', #meetingId = :meetingId' : ''),
        ConditionExpression: 'attribute_exists(#key)',
        ExpressionAttributeNames: {
          '#state': 'state',
          '#attempts': 'attempts',
          '#next': 'nextAttemptAt',
          '#error': 'lastError',
          '#key': 'bookingKey',
          ...(meetingId ? { '#meetingId': 'meetingId' } : {}),
        },
        ExpressionAttributeValues: {
          ':state': update.state,
          ':attempts': update.attempts,
          ':next': update.nextAttemptAt,
          ':error': update.lastError,
          ...(meetingId ? { ':meetingId': meetingId } : {}),
        },
      }),
    );
  }

  async get(key: string): Promise<ParkedBooking | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { bookingKey: key }, ConsistentRead: true }),
    );
    return Item as ParkedBooking | undefined;
  }

  /**
   * Bookings in a state, oldest due first; `dueBy` limits parked ones to those due by then.
   * Bounded by `limit` so one worker run stays within its time.
   */
  async list(state: ParkedState, limit: number, dueBy?: number): Promise<ParkedBooking[]> {
    const items: ParkedBooking[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: BOOKINGS_TABLE.globalIndexes[0]?.name,
          KeyConditionExpression:
            dueBy === undefined ? '#state = :state' : '#state = :state AND #next <= :due',
          ExpressionAttributeNames: {
            '#state': 'state',
            ...(dueBy === undefined ? {} : { '#next': 'nextAttemptAt' }),
          },
          ExpressionAttributeValues: {
            ':state': state,
            ...(dueBy === undefined ? {} : { ':due': dueBy }),
          },
          Limit: limit - items.length,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...((page.Items ?? []) as ParkedBooking[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey && items.length < limit);
    return items;
  }
}

/**
 * Creates the meeting for one booking with the Conpeek key from SSM, and says what each
 * Conpeek outcome means: the meeting, or a typed error the handler can answer with.
 */
import type { ConpeekClient, Meeting } from '../conpeek/client';
import { ConpeekRefusedError, ConpeekUnreadableError, DependencyUnavailableError } from '../errors';
import type { SecretStore } from '../secrets/store';
import type { Booking } from './booking';

/** 503 until parked: Conpeek failed in a way that a later attempt may not. */
export class ConpeekTransientError extends DependencyUnavailableError {
  constructor(
    readonly conpeekStatus: number | undefined,
    readonly reason: string,
    retryAfterSeconds: number | undefined,
  ) {
    super(
      `Conpeek is unavailable right now (${reason}); please retry later.`,
      retryAfterSeconds ?? 60,
      { conpeekStatus: conpeekStatus ?? null },
    );
  }
}

/** 503: Conpeek refused the key even after it was read again from SSM. */
export class ConpeekKeyRejectedError extends DependencyUnavailableError {
  constructor(readonly conpeekStatus: number) {
    super('The meeting service refused our credentials; the operator has been alerted.', 300, {
      conpeekStatus,
    });
  }
}

/** Below this, a Conpeek call is not worth starting; the booking is parked instead. */
const SHORTEST_CALL_MS = 1_000;

export class MeetingCreator {
  constructor(
    private readonly conpeek: ConpeekClient,
    private readonly secrets: SecretStore,
    private readonly keyParameter: string,
  ) {}

  /**
   * The created meeting; throws a WebhookError for every other outcome. No Conpeek call runs
   * past `deadline` (epoch ms): the function must not be killed while Conpeek may be creating
   * the meeting, or its idempotency lock would lapse with the outcome unrecorded.
   */
  async create(booking: Booking, deadline: number): Promise<Meeting> {
    const request = { from_date: booking.fromDate, project_target_identifier: booking.project };
    const call = (key: string) => {
      const budget = deadline - Date.now();
      if (budget < SHORTEST_CALL_MS) {
        throw new ConpeekTransientError(undefined, 'no time left in this invocation', undefined);
      }
      return this.conpeek.createMeeting(request, key, budget);
    };

    let outcome = await call(await this.secrets.get(this.keyParameter));
    if (outcome.kind === 'unauthorized') {
      // The key may have been rotated since we cached it: read it again once, try once more.
      outcome = await call(await this.secrets.get(this.keyParameter, true));
    }

    switch (outcome.kind) {
      case 'created':
        return outcome.meeting;
      case 'refused':
        throw new ConpeekRefusedError(
          `Conpeek refused the meeting (HTTP ${outcome.status}): ${outcome.reason}`,
          {
            conpeekStatus: outcome.status,
            from_date: booking.fromDate,
            project: booking.project,
          },
        );
      case 'unauthorized':
        throw new ConpeekKeyRejectedError(outcome.status);
      case 'transient':
        throw new ConpeekTransientError(outcome.status, outcome.reason, outcome.retryAfterSeconds);
      case 'unreadable':
        throw new ConpeekUnreadableError(
          `Conpeek answered HTTP ${outcome.status} with something that is not a meeting ` +
            `(${outcome.reason}); ` +
            'the meeting may exist, so it is not retried automatically.',
          { conpeekStatus: outcome.status },
        );
    }
  }
}

import { describe, expect, it } from 'vitest';
import { readPath } from '../../lambda/booking/path';
import { resolveProject } from '../../lambda/booking/project';
import { parseConfig, type SourceConfig } from '../../lambda/config/schema';
import type { WebhookRequest } from '../../lambda/http/request';
import { calendly } from '../../lambda/senders/calendly';
import { generic } from '../../lambda/senders/generic';
import type { Classification } from '../../lambda/senders/sender';
import { fixture } from '../support/local';

const noRequest = {} as WebhookRequest;
type Booked = Extract<Classification, { action: 'create' }>;

type CalendlySource = Extract<SourceConfig, { kind: 'calendly' }>;

function sourceWith(fields: Record<string, unknown>): CalendlySource {
  const config = parseConfig(
    {
      conpeek: { url: 'https://h', keyParameter: '/k' },
      sources: [{ name: 'c', kind: 'calendly', secretParameter: '/s', ...fields }],
    },
    'test',
  );
  return config.sources[0] as CalendlySource;
}

describe('Calendly mapping', () => {
  const body = JSON.parse(fixture('calendly/invitee-created.json'));
  const booked = calendly.classify(body, noRequest, sourceWith({})) as Booked;

  it('reads booking id, start and event type from invitee.created', () => {
    expect(booked).toMatchObject({
      action: 'create',
      bookingId:
        'https://api.calendly.com/scheduled_events/EVT00000000000B2/invitees/INV00000000000C3',
      start: { field: 'payload.scheduled_event.start_time', value: '2026-03-10T13:00:00.000000Z' },
      eventType: 'https://api.calendly.com/event_types/ETY00000000000D4',
    });
  });

  it('routes the project by projectFrom, then rules on the event type, then the default', () => {
    const fromTracking = sourceWith({ projectFrom: 'payload.tracking.utm_content' });
    const fromAnswer = sourceWith({
      projectFrom: 'payload.questions_and_answers[question=Project code].answer',
    });
    const byRule = sourceWith({
      project: 'DEFAULT1',
      projectRules: [{ eventType: booked.eventType, project: 'RULED1' }],
    });
    const byDefault = sourceWith({ project: 'DEFAULT1' });

    expect(resolveProject(fromTracking, body, booked)).toBe('PRJ0042');
    expect(resolveProject(fromAnswer, body, booked)).toBe('PRJ0042');
    expect(resolveProject(byRule, body, booked)).toBe('RULED1');
    expect(resolveProject(byDefault, body, booked)).toBe('DEFAULT1');
  });

  it('says what it looked for when there is no project', () => {
    const nothing = sourceWith({ projectFrom: 'payload.tracking.utm_term' });
    expect(() => resolveProject(nothing, body, booked)).toThrow(
      /looked for payload\.tracking\.utm_term, a projectRules entry for event type .*ETY0+D4, a default project for source c/,
    );
  });

  it('ignores cancellations, including the cancel half of a reschedule', () => {
    const canceled = JSON.parse(fixture('calendly/invitee-canceled-rescheduled.json'));
    expect(calendly.classify(canceled, noRequest, sourceWith({}))).toMatchObject({
      action: 'ignore',
      event: 'invitee.canceled',
    });
  });

  it('says an invitee.created without scheduled_event is an older payload shape', () => {
    const old = { event: 'invitee.created', payload: { uri: 'https://x/1' } };
    expect(() => calendly.classify(old, noRequest, sourceWith({}))).toThrow(/older Calendly/);
  });
});

describe('generic mapping', () => {
  const source = { ...sourceWith({}), kind: 'generic' } as Extract<
    SourceConfig,
    { kind: 'generic' }
  >;
  it('takes start, timezone, booking id and project from the documented contract', () => {
    const body = JSON.parse(fixture('generic/booking-created-local-zone.json'));
    expect(generic.classify(body, noRequest, source)).toMatchObject({
      action: 'create',
      bookingId: 'EXT-7782',
      start: { value: '2026-07-15 09:30:00', timezone: 'Europe/Warsaw' },
    });
  });

  it('passes the Conpeek request shape through', () => {
    const body = JSON.parse(fixture('generic/conpeek-shape.json'));
    expect(generic.classify(body, noRequest, source)).toMatchObject({
      bookingId: '2026-03-10 13:00:00|PSKQMXUAZ',
      start: { value: '2026-03-10 13:00:00', timezone: 'UTC' },
      project: { value: 'PSKQMXUAZ' },
    });
  });

  it('refuses a Conpeek-shaped from_date in another format', () => {
    const body = { from_date: '2026-03-10T13:00:00Z', project_target_identifier: 'P1' };
    expect(() => generic.classify(body, noRequest, source)).toThrow(/from_date/);
  });
});

describe('paths into a body', () => {
  it('never follows the prototype chain', () => {
    const body = JSON.parse('{"__proto__":{"polluted":"yes"},"a":{}}');
    expect(readPath(body, 'a.constructor')).toBeUndefined();
    expect(readPath(body, '__proto__.polluted')).toBe('yes');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads list items by index and by match', () => {
    const body = {
      items: [
        { k: 'a', v: 1 },
        { k: 'b', v: 2 },
      ],
    };
    expect(readPath(body, 'items[1].v')).toBe(2);
    expect(readPath(body, 'items[k=a].v')).toBe(1);
    expect(readPath(body, 'items[k=z].v')).toBeUndefined();
  });
});

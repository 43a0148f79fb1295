/**
 * The contract every sender kind fulfils: one file per kind, registered in `registry.ts`.
 * A kind knows its config options, how its sender proves itself, and how to read a booking out
 * of its body. Everything after that (time, project, Conpeek, dedupe) is shared.
 */
import type * as z from 'zod';
import type { JsonObject } from '../http/body';
import type { WebhookRequest } from '../http/request';
import type { StartInput } from '../time/start';

/** What a webhook asks for, once read. */
export type Classification =
  | {
      readonly action: 'create';
      /** The sender's event name, for logs and answers. */
      readonly event: string;
      /** Stable id of the booking, part of the dedupe key. */
      readonly bookingId: string;
      readonly start: StartInput;
      /** Event/meeting type matched against `projectRules`. */
      readonly eventType?: string | undefined;
      /** A project the sender's own contract carries (e.g. generic `project`). */
      readonly project?: { readonly field: string; readonly value: unknown } | undefined;
    }
  | { readonly action: 'ignore'; readonly event: string; readonly reason: string };

/** The options schema of a kind: the common source fields plus a literal `kind`. */
// biome-ignore lint/suspicious/noExplicitAny: any zod object shape with a literal `kind`.
export type SourceSchema = z.ZodObject<{ kind: z.ZodLiteral<string> } & Record<string, any>>;

/** A sender kind, typed by its own source options schema. */
export interface SenderKind<Schema extends SourceSchema, S = z.output<Schema>> {
  readonly kind: z.output<Schema>['kind'];
  /** The source options of this kind, validated with the rest of the config. */
  readonly sourceSchema: Schema;
  /**
   * True for a sender's handshake (e.g. Livespace's empty POST on activation), answered 204
   * before any secret is read, with no side effect.
   */
  isHandshake?(request: WebhookRequest): boolean;
  /** Proves the request genuine over its raw bytes; throws UnauthenticatedError. */
  verify(request: WebhookRequest, source: S, secret: string, now: Date): void;
  /** Reads the booking out of a verified, parsed body; throws MalformedBodyError. */
  classify(body: JsonObject, request: WebhookRequest, source: S): Classification;
}

/** Keeps each sender file's literal types while checking it against the contract. */
export function defineSender<Schema extends SourceSchema>(
  sender: SenderKind<Schema>,
): SenderKind<Schema> {
  return sender;
}

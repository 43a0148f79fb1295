/**
 * The sender kind for a configured source.
 */
import type { SourceConfig } from '../config/schema';
import { SENDER_KINDS } from './registry';
import type { SenderKind, SourceSchema } from './sender';

/** A kind seen through the union of all source configs; each kind only gets its own. */
export type AnySenderKind = SenderKind<SourceSchema, SourceConfig>;

const BY_KIND = new Map<string, AnySenderKind>(
  SENDER_KINDS.map((sender) => [sender.kind, sender as unknown as AnySenderKind]),
);

export function senderFor(source: SourceConfig): AnySenderKind {
  const sender = BY_KIND.get(source.kind);
  // The config schema admits only registered kinds, so this is a bug if it happens.
  if (!sender) throw new Error(`No sender kind ${source.kind} is registered`);
  return sender;
}

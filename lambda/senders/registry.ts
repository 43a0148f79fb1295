/**
 * Every sender kind the product understands. Adding one: a new file and one line here.
 */
import { calcom } from './calcom';
import { calendly } from './calendly';
import { generic } from './generic';
import { hubspot } from './hubspot';
import { livespace } from './livespace';
import { pipedrive } from './pipedrive';
import type { SenderKind, SourceSchema } from './sender';
import { standard } from './standard';

export const SENDER_KINDS = [
  calendly,
  generic,
  calcom,
  hubspot,
  pipedrive,
  livespace,
  standard,
] as const;

type Kinds = typeof SENDER_KINDS;
type SchemasOf<T extends readonly unknown[]> = {
  -readonly [K in keyof T]: T[K] extends SenderKind<infer Schema extends SourceSchema>
    ? Schema
    : never;
};

/** Each kind's options schema, as the tuple the config's discriminated union needs. */
export const SOURCE_SCHEMAS = SENDER_KINDS.map(
  (sender) => sender.sourceSchema,
) as unknown as SchemasOf<Kinds>;

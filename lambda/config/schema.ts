/**
 * The one deployment document (stored in `cdk.json` context under `conpeekMeetWebhook`): Conpeek,
 * the limits, and the sources. The CDK app validates it at synth; the function validates what
 * it receives at cold start; the local server validates the file it reads.
 */
import * as z from 'zod';
import { SOURCE_SCHEMAS } from '../senders/registry';
import { httpsOrLoopbackUrl, parameterName } from './fields';

/** https anywhere; plain http only for loopback stand-ins in local runs. */
const conpeekUrl = httpsOrLoopbackUrl.refine((value) => {
  const url = new URL(value);
  return url.search === '' && url.hash === '' && url.username === '' && url.password === '';
}, 'must be a base URL without query, fragment or credentials');

export const conpeekSchema = z.strictObject({
  url: conpeekUrl,
  keyParameter: parameterName,
  timeoutMs: z.number().int().min(500).max(25_000).default(8_000),
});

export const settingsSchema = z.strictObject({
  /** Bodies above this many decoded bytes get 413 before anything parses them. */
  bodyLimitBytes: z
    .number()
    .int()
    .min(1_024)
    .max(6 * 1024 * 1024)
    .default(256 * 1024),
  /** A start further in the past than this is refused (422). */
  startGraceSeconds: z.number().int().min(0).max(86_400).default(300),
  /** How long the Conpeek key and signing secrets stay cached in a warm container. */
  secretCacheSeconds: z.number().int().min(0).max(3_600).default(300),
  /** How long a booking is remembered; must outlive the longest sender retry window. */
  idempotencyDays: z.number().int().min(1).max(90).default(7),
  /** Owned retries of bookings parked after a transient Conpeek failure. */
  retry: z
    .strictObject({
      maxAttempts: z.number().int().min(1).max(100).default(12),
      baseDelaySeconds: z.number().int().min(1).max(3_600).default(30),
      maxDelaySeconds: z.number().int().min(1).max(86_400).default(1_800),
    })
    .prefault({}),
  /** API Gateway stage throttling: a flood of requests cannot become a flood at Conpeek. */
  throttle: z
    .strictObject({
      rateLimit: z.number().min(1).max(10_000).default(20),
      burstLimit: z.number().int().min(1).max(5_000).default(40),
    })
    .prefault({}),
  /** Reserved concurrency of the webhook function; null leaves it unreserved. */
  reservedConcurrency: z.number().int().min(1).max(1_000).nullable().default(10),
  /** Alarm e-mails go here when set; the SNS topic exists either way. */
  alarmEmail: z.email().optional(),
  /** Parked bookings older than this raise the "waiting too long" alarm. */
  parkedAlarmMinutes: z.number().int().min(5).max(10_080).default(60),
  logRetentionDays: z.number().int().min(1).max(3_653).default(30),
});

const sourceSchema = z.discriminatedUnion('kind', SOURCE_SCHEMAS);

export const configSchema = z
  .strictObject({
    conpeek: conpeekSchema,
    settings: settingsSchema.prefault({}),
    sources: z.array(sourceSchema).min(1, 'must list at least one source'),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.sources.forEach((source, index) => {
      if (seen.has(source.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sources', index, 'name'],
          message: `"${source.name}" is used by two sources; names must be unique`,
        });
      }
      seen.add(source.name);
    });
  });

/** The validated deployment document, defaults filled in. */
export type Config = z.infer<typeof configSchema>;
export type SourceConfig = Config['sources'][number];
export type Settings = Config['settings'];

/** Thrown when a config document is wrong; the message names every bad field. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Validates a config document, turning zod's issues into one readable sentence per field. */
export function parseConfig(document: unknown, origin: string): Config {
  const result = configSchema.safeParse(document);
  if (result.success) return result.data;

  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(the document)';
    return `${field}: ${issue.message}`;
  });
  throw new ConfigError(`The configuration in ${origin} is invalid: ${problems.join('; ')}.`);
}

/**
 * The deployment document as the CDK app sees it: read from `cdk.json` context, validated by the
 * same zod schema the function uses, plus the rules that only hold for a deployed stack.
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type Config, ConfigError, parseConfig } from '../lambda/config/schema';
import { CONTEXT_KEY } from '../local/config-file';

/** Where the app reads its config from, as named in error messages. */
export const CONTEXT_ORIGIN = `cdk.json context ${CONTEXT_KEY}`;

/** The retention periods CloudWatch Logs accepts (any other number fails the deploy). */
export const LOG_RETENTION_DAYS: readonly number[] = Object.values(RetentionDays).filter(
  (days): days is number => typeof days === 'number' && days !== RetentionDays.INFINITE,
);

/** A host name that only means something on the machine itself. */
function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    host === '0.0.0.0' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

/**
 * Validates a config document for deployment; throws {@link ConfigError} with one sentence that
 * names every bad field, so `cdk synth` fails with something an operator can act on.
 *
 * @example deploymentConfig(app.node.tryGetContext(CONTEXT_KEY), CONTEXT_ORIGIN)
 */
export function deploymentConfig(document: unknown, origin: string): Config {
  if (document === undefined) {
    throw new ConfigError(
      `No configuration found in ${origin}: add the "${CONTEXT_KEY}" object to the context ` +
        'in cdk.json (see README).',
    );
  }
  const config = parseConfig(document, origin);

  // The schema lets plain http through for a stand-in on 127.0.0.1, which only makes sense in a
  // local run; a deployed function would send the Conpeek API key in clear text, or to itself.
  const conpeek = new URL(config.conpeek.url);
  if (conpeek.protocol !== 'https:' || isLoopback(conpeek.hostname)) {
    throw new ConfigError(
      `The configuration in ${origin} is invalid: conpeek.url: must be https: for a deployed ` +
        `stack (${config.conpeek.url} only works for a local run).`,
    );
  }

  // The same holds for the URL a sender signs (HubSpot, Livespace): a sender out on the
  // internet never calls a loopback address, and a URL it calls over plain http carries the
  // signature and the body in clear text.
  config.sources.forEach((source, index) => {
    if (!('publicUrl' in source) || source.publicUrl === undefined) return;
    const url = new URL(source.publicUrl);
    if (url.protocol !== 'https:' || isLoopback(url.hostname)) {
      throw new ConfigError(
        `The configuration in ${origin} is invalid: sources.${index}.publicUrl: must be the ` +
          `https: URL the sender calls for a deployed stack (${source.publicUrl} only works ` +
          'for a local run); use the WebhookUrl output of the stack or your custom domain.',
      );
    }
  });

  const retention = config.settings.logRetentionDays;
  if (!LOG_RETENTION_DAYS.includes(retention)) {
    throw new ConfigError(
      `The configuration in ${origin} is invalid: settings.logRetentionDays: CloudWatch Logs ` +
        `does not offer ${retention} days; choose one of ${LOG_RETENTION_DAYS.join(', ')}.`,
    );
  }
  return config;
}

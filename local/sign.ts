/**
 * Signs a body the way each sender does, for the printed examples of `npm start` and for the
 * tests. These are the senders' recipes written independently of the verifiers in `lambda/`.
 */
import { createHash, createHmac } from 'node:crypto';

export interface SignOptions {
  readonly body: string | Buffer;
  readonly secret: string;
  readonly now: Date;
  /** The public URL the sender calls, for schemes that sign it. */
  readonly url?: string;
  /** Standard Webhooks' `webhook-id`; by default one derived from the body, like a retry's. */
  readonly deliveryId?: string;
}

export type Signer = (options: SignOptions) => Record<string, string>;

const hmac = (secret: string | Buffer, ...parts: Array<string | Buffer>) => {
  const mac = createHmac('sha256', secret);
  for (const part of parts) mac.update(part);
  return mac.digest();
};
const hmacHex = (secret: string, ...parts: Array<string | Buffer>) =>
  hmac(secret, ...parts).toString('hex');

const json = { 'content-type': 'application/json' };

function urlOf({ url }: SignOptions, sender: string): string {
  if (url === undefined) throw new Error(`${sender} signs the URL it calls: pass url`);
  return url;
}

/** HubSpot signs its URI with these characters decoded (its request-validation guide). */
function hubspotUri(url: string): string {
  const decoded: Record<string, string> = {
    '3A': ':',
    '2F': '/',
    '3F': '?',
    '40': '@',
    '21': '!',
    '24': '$',
    '27': "'",
    '28': '(',
    '29': ')',
    '2A': '*',
    '2C': ',',
    '3B': ';',
  };
  return url.replace(
    /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/g,
    (match, hex: string) => decoded[hex] ?? match,
  );
}

/** Header recipes by sender kind. */
export const SIGNERS: Record<string, Signer> = {
  calendly: ({ body, secret, now }) => {
    const t = Math.floor(now.getTime() / 1000);
    return { ...json, 'calendly-webhook-signature': `t=${t},v1=${hmacHex(secret, `${t}.`, body)}` };
  },
  generic: ({ secret }) => ({ ...json, authorization: `Bearer ${secret}` }),
  calcom: ({ body, secret }) => ({
    ...json,
    'x-cal-signature-256': hmacHex(secret, body),
    'x-cal-webhook-version': '2021-10-20',
  }),
  /** The v3 request signature, as a workflow's "Send a webhook" action with an app sends it. */
  hubspot: (options) => {
    const timestamp = String(options.now.getTime());
    const uri = hubspotUri(urlOf(options, 'HubSpot'));
    const signature = hmac(options.secret, 'POST', uri, options.body, timestamp);
    return {
      ...json,
      'x-hubspot-signature-v3': signature.toString('base64'),
      'x-hubspot-request-timestamp': timestamp,
    };
  },
  /** Pipedrive cannot sign; it sends the webhook's HTTP Auth pair (the secret is user:password). */
  pipedrive: ({ secret }) => ({
    ...json,
    authorization: `Basic ${Buffer.from(secret, 'utf8').toString('base64')}`,
  }),
  livespace: (options) => ({
    ...json,
    'x-livespace-signature': hmacHex(options.secret, urlOf(options, 'Livespace'), options.body),
  }),
  standard: ({ body, secret, now, deliveryId }) => {
    const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
    const id = deliveryId ?? `msg_${createHash('sha256').update(body).digest('hex').slice(0, 24)}`;
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const signature = hmac(key, `${id}.${timestamp}.`, body).toString('base64');
    return {
      ...json,
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1,${signature}`,
    };
  },
};

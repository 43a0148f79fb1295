/**
 * Signs a body the way each sender does, for the printed examples of `npm start` and for the
 * tests. These are the senders' recipes written independently of the verifiers in `lambda/`.
 */
import { createHmac } from 'node:crypto';

export interface SignOptions {
  readonly body: string | Buffer;
  readonly secret: string;
  readonly now: Date;
  /** The public URL the sender calls, for schemes that sign it. */
  readonly url?: string;
}

export type Signer = (options: SignOptions) => Record<string, string>;

const hmacHex = (secret: string, ...parts: Array<string | Buffer>) => {
  const hmac = createHmac('sha256', secret);
  for (const part of parts) hmac.update(part);
  return hmac.digest('hex');
};

/** Header recipes by sender kind. */
export const SIGNERS: Record<string, Signer> = {
  calendly: ({ body, secret, now }) => {
    const t = Math.floor(now.getTime() / 1000);
    return {
      'content-type': 'application/json',
      'calendly-webhook-signature': `t=${t},v1=${hmacHex(secret, `${t}.`, body)}`,
    };
  },
  generic: ({ secret }) => ({
    'content-type': 'application/json',
    authorization: `Bearer ${secret}`,
  }),
};

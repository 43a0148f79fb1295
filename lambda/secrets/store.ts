/**
 * Secrets (the Conpeek key, signing secrets, tokens) from SSM Parameter Store SecureStrings,
 * decrypted, cached in the container for `maxAgeSeconds`: a warm invocation makes no SSM call.
 */
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { DependencyUnavailableError } from '../errors';

/** Why a secret could not be had; logged for the operator, never sent to the sender. */
export class SecretUnavailableError extends DependencyUnavailableError {
  constructor(
    readonly parameter: string,
    readonly problem: 'unreadable' | 'empty',
    options?: ErrorOptions,
  ) {
    super(
      'A secret this endpoint needs is not available right now; please retry later.',
      30,
      {},
      options,
    );
  }
}

export class SecretStore {
  readonly #provider: SSMProvider;
  readonly #maxAgeSeconds: number;

  constructor(maxAgeSeconds: number, provider: SSMProvider = new SSMProvider()) {
    this.#provider = provider;
    this.#maxAgeSeconds = maxAgeSeconds;
  }

  /**
   * The decrypted value. `refresh` skips the cache (after Conpeek refused the cached key).
   * An empty value is a configuration error, never "accept anything".
   */
  async get(parameter: string, refresh = false): Promise<string> {
    let value: string | undefined;
    try {
      value = await this.#provider.get(parameter, {
        decrypt: true,
        maxAge: this.#maxAgeSeconds,
        forceFetch: refresh,
      });
    } catch (error) {
      throw new SecretUnavailableError(parameter, 'unreadable', { cause: error });
    }
    if (typeof value !== 'string' || value.trim() === '') {
      throw new SecretUnavailableError(parameter, 'empty');
    }
    return value.trim();
  }
}

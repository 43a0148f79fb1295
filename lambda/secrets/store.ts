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
  readonly #prefetchNames: readonly string[];
  #prefetched: Promise<void> | undefined;

  /**
   * `prefetch` names every parameter the config uses: the first read fetches them all in one
   * GetParameters call (a cold container otherwise makes one call per secret it needs).
   */
  constructor(
    maxAgeSeconds: number,
    provider: SSMProvider = new SSMProvider(),
    prefetch: readonly string[] = [],
  ) {
    this.#provider = provider;
    this.#maxAgeSeconds = maxAgeSeconds;
    this.#prefetchNames = [...new Set(prefetch)];
  }

  /**
   * One batch read into the provider's cache, once per container. Failures are left for the
   * single reads after it to meet and report, parameter by parameter.
   */
  #prefetch(): Promise<void> {
    this.#prefetched ??= this.#provider
      .getParametersByName(Object.fromEntries(this.#prefetchNames.map((name) => [name, {}])), {
        decrypt: true,
        maxAge: this.#maxAgeSeconds,
        throwOnError: false,
      })
      .then(
        () => undefined,
        () => undefined,
      );
    return this.#prefetched;
  }

  /**
   * The decrypted value. `refresh` skips the cache (after Conpeek refused the cached key).
   * An empty value is a configuration error, never "accept anything".
   */
  async get(parameter: string, refresh = false): Promise<string> {
    // With caching off there is nothing to prefetch into (and Powertools would read a batch's
    // maxAge of 0 as its 5-second default).
    if (this.#maxAgeSeconds > 0 && this.#prefetchNames.length > 1 && !refresh) {
      await this.#prefetch();
    }
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

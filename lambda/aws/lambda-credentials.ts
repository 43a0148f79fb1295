/**
 * The credential chain of the function's bundle. In Lambda the runtime hands the execution
 * role's credentials to the process as environment variables, so `fromEnv` is the whole chain
 * there. The SDK's default chain also carries SSO, INI files, web identity, the instance
 * metadata service and the nested STS/SSO clients behind them: about 90 KB of bundle and cold
 * start that Lambda never uses. The bundle aliases `@aws-sdk/credential-provider-node` to this
 * file (infra/bundling.ts); tests and the local tools run unbundled with the full chain.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);

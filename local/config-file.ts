/**
 * The config the local server runs with: `CONFIG_FILE` if set (a bare config document, or a
 * cdk.json whose context holds one), else this checkout's `cdk.json` — the same document
 * `cdk deploy` uses.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Config, parseConfig } from '../lambda/config/schema';

export const CONTEXT_KEY = 'conpeekMeetWebhook';

/** The config document inside a cdk.json, or the file itself when it is a bare document. */
export function documentOf(file: unknown): unknown {
  const context = (file as { context?: Record<string, unknown> } | null)?.context;
  return context && CONTEXT_KEY in context ? context[CONTEXT_KEY] : file;
}

export function readConfigFile(path = process.env.CONFIG_FILE ?? 'cdk.json'): Config {
  const full = resolve(path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(full, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the config file ${full}: ${(error as Error).message}`);
  }
  return parseConfig(documentOf(parsed), full);
}

/** `{name: value}` SSM parameters for the stand-in. */
export function readParametersFile(
  path = process.env.LOCAL_PARAMETERS_FILE ?? 'local/parameters.example.json',
): Record<string, string> {
  const full = resolve(path);
  const parsed = JSON.parse(readFileSync(full, 'utf8')) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${full} must be a JSON object of {"/parameter/name": "value"}`);
  }
  return parsed as Record<string, string>;
}

/**
 * Parses a verified body. Only after verification: nothing reads a body it has not proved.
 */
import { MalformedBodyError, UnsupportedMediaTypeError } from '../errors';
import { mediaType, type WebhookRequest } from './request';

const JSON_TYPES = new Set(['application/json', 'text/json']);
const FORM_TYPE = 'application/x-www-form-urlencoded';

/** A parsed JSON object body. Arrays and scalars are refused: every sender sends an object. */
export type JsonObject = Record<string, unknown>;

/**
 * The body as a JSON object. A missing Content-Type is read as JSON (some senders omit it);
 * a form body gets a 415 that says why, since that is what a non-JSON custom template sends.
 */
export function parseJsonBody(request: WebhookRequest): JsonObject {
  const type = mediaType(request);
  if (type === FORM_TYPE) {
    throw new UnsupportedMediaTypeError(
      'The body is form data (application/x-www-form-urlencoded); this endpoint needs JSON. ' +
        'Set the sender to post JSON (Zapier: payload type JSON; Cal.com: a custom payload ' +
        'template must be valid JSON).',
      { contentType: type },
    );
  }
  if (type !== undefined && !JSON_TYPES.has(type) && !type.endsWith('+json')) {
    throw new UnsupportedMediaTypeError(
      `Content-Type ${type.slice(0, 80)} is not supported; send application/json.`,
      {
        contentType: type.slice(0, 80),
      },
    );
  }

  let text = request.body.toString('utf8');
  // A UTF-8 byte order mark is legal before JSON text and some tools write one.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '')
    throw new MalformedBodyError('The body is empty; a JSON object was expected.');

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new MalformedBodyError('The body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const found = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : typeof parsed;
    throw new MalformedBodyError(`The body must be a JSON object, not ${found}.`);
  }
  return parsed as JsonObject;
}

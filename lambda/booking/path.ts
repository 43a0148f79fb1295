/**
 * Reads a value out of a webhook body by a configured path, e.g.
 * - `payload.tracking.utm_content`
 * - `payload.questions_and_answers[question=Project code].answer` (the first list item whose
 *   `question` is `Project code`)
 * - `payload.responses.project.value`, `data.items[0].id`
 *
 * Only own properties are followed, so `__proto__` or `constructor` in a path or a body can
 * never reach an object's prototype.
 */

type Step =
  | { readonly kind: 'key'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'match'; readonly name: string; readonly value: string };

const SEGMENT = /^([^[\]]+)?((?:\[[^\]]*\])*)$/;

/** Parses a path; throws with a readable message when it is malformed (checked at synth). */
export function parsePath(path: string): Step[] {
  const steps: Step[] = [];
  for (const segment of path.split('.')) {
    const match = SEGMENT.exec(segment);
    if (!match || (!match[1] && !match[2])) throw new Error(`"${path}" is not a valid path`);
    if (match[1]) steps.push({ kind: 'key', name: match[1] });
    for (const [, inner = ''] of (match[2] ?? '').matchAll(/\[([^\]]*)\]/g)) {
      const equals = inner.indexOf('=');
      if (/^\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (equals > 0) {
        steps.push({ kind: 'match', name: inner.slice(0, equals), value: inner.slice(equals + 1) });
      } else
        throw new Error(`"${path}" has a list step [${inner}] that is neither [n] nor [key=value]`);
    }
  }
  return steps;
}

function own(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
}

/**
 * A primitive as the text a `[key=value]` step compares with; nothing for lists and objects,
 * whose String() says nothing useful and, nested deep enough, overflows the stack.
 */
function textOf(value: unknown): string | undefined {
  const primitive = ['string', 'number', 'boolean'].includes(typeof value);
  return primitive ? String(value) : undefined;
}

/** The value at `path` in `root`, or undefined when any step is missing. */
export function readPath(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const step of parsePath(path)) {
    if (step.kind === 'key') current = own(current, step.name);
    else if (!Array.isArray(current)) return undefined;
    else if (step.kind === 'index') current = current[step.index];
    else current = current.find((item) => textOf(own(item, step.name)) === step.value);
    if (current === undefined || current === null) return undefined;
  }
  return current;
}

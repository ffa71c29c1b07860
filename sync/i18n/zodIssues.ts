// Validation problems (zod issues) as Swedish text that names the field: used for the
// config file, manifests and API input alike. Pure.
import type { z } from 'zod';

export function formatPath(p: readonly PropertyKey[]): string {
  let out = '';
  for (const key of p) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(hela filen)';
}

const TYPE_NAMES: Record<string, string> = {
  string: 'en text',
  number: 'ett tal',
  int: 'ett heltal',
  boolean: 'true eller false',
  object: 'ett objekt',
  array: 'en lista',
};

/** `unionHint` explains what a union (e.g. a source type) accepts. */
export function describeIssue(issue: z.core.$ZodIssue, unionHint?: (issue: z.core.$ZodIssue) => string | undefined): string {
  const where = formatPath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys
        .map((k) => `${formatPath([...issue.path, k])}: okänd nyckel (stavfel? se dokumentationen för giltiga nycklar)`)
        .join('\n  - ');
    case 'invalid_type':
      if (/received undefined/.test(issue.message)) return `${where}: saknas (krävs)`;
      return `${where}: ska vara ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'invalid_union':
    case 'invalid_value': {
      const hint = unionHint?.(issue);
      return `${where}: ${hint ?? (issue.message.startsWith('Invalid') ? 'ogiltigt värde' : issue.message)}`;
    }
    case 'too_small':
      if (!issue.message.startsWith('Too')) return `${where}: ${issue.message}`;
      return issue.origin === 'string' || issue.origin === 'array'
        ? `${where}: för kort (minst ${String(issue.minimum)})`
        : `${where}: för litet (minst ${String(issue.minimum)})`;
    case 'too_big':
      if (!issue.message.startsWith('Too')) return `${where}: ${issue.message}`;
      return issue.origin === 'string' || issue.origin === 'array'
        ? `${where}: för långt (högst ${String(issue.maximum)})`
        : `${where}: för stort (högst ${String(issue.maximum)})`;
    case 'invalid_format':
      return `${where}: ${issue.message.startsWith('Invalid') ? 'fel format' : issue.message}`;
    default:
      return `${where}: ${issue.message}`;
  }
}

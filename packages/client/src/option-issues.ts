import type { z } from 'zod/mini';
import { type OptionIssue, PushgatewayError } from './pushgateway-error.js';

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * English messages for zod's issues, passed per parse: zod/mini ships no
 * locale, and setting one globally would change the messages of the
 * application's own schemas. Messages given in a schema still win.
 */
export function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return issue.expected === 'int'
        ? 'must be an integer'
        : `expected ${issue.expected}, got ${kindOf(issue.input)}`;
    case 'too_small':
      return issue.origin === 'string'
        ? `must have at least ${issue.minimum} character(s)`
        : `must be ${issue.inclusive === false ? '>' : '>='} ${issue.minimum}`;
    case 'too_big':
      return `must be ${issue.inclusive === false ? '<' : '<='} ${issue.maximum}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown key(s) ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
    default:
      return undefined;
  }
}

/** zod's issues as {@link OptionIssue}s, paths joined with dots under `root` (`retries.attempts`). */
export function toOptionIssues(error: z.core.$ZodError, root: string): OptionIssue[] {
  return error.issues.map((issue) => ({
    path: [root, ...issue.path.map(String)].filter((part) => part !== '').join('.'),
    message: issue.message,
  }));
}

/** An `invalid_options` error listing every issue in its message, so that one log line says everything. */
export function invalidOptionsError(what: string, issues: readonly OptionIssue[]): PushgatewayError {
  const listed = issues.map((issue) =>
    issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`,
  );
  return new PushgatewayError({
    code: 'invalid_options',
    message: `invalid ${what}: ${listed.join('; ')}`,
    issues,
  });
}

import type { z } from 'zod';
import type { PathIssue } from './PathIssue.js';

type Issue = z.core.$ZodIssue;

/** A union branch that failed only because the value has another type: not what the user meant. */
function isTypeMismatch(branch: readonly Issue[]): boolean {
  if (branch.length !== 1) return false;
  const issue = branch[0]!;
  if (issue.path.length !== 0) return false;
  if (issue.code === 'invalid_type') return true;
  return issue.code === 'invalid_union' && issue.errors.length > 0 && issue.errors.every(isTypeMismatch);
}

/**
 * zod's issues as one PathIssue per problem: an issue about several unknown
 * keys becomes one per key, and a failed union reports the branch the user
 * evidently meant (the one failing for another reason than the value's
 * type), else its own message.
 */
export function flattenZodIssues(issues: readonly Issue[], base: readonly (string | number)[] = []): PathIssue[] {
  const out: PathIssue[] = [];
  for (const issue of issues) {
    const path = [...base, ...(issue.path as (string | number)[])];
    if (issue.code === 'unrecognized_keys') {
      const messages = issue.message.split('\n');
      issue.keys.forEach((key, i) => out.push({ path: [...path, key], message: messages[i] ?? messages[0]!, at: 'key' }));
    } else if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const meant = issue.errors.filter((branch) => !isTypeMismatch(branch));
      if (meant.length === 1) for (const issue of flattenZodIssues(meant[0]!, path)) out.push(issue);
      else out.push({ path, message: issue.message, at: 'value' });
    } else {
      out.push({ path, message: issue.message, at: 'value' });
    }
  }
  return out;
}

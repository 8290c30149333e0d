/**
 * Joins problems the way client_golang's `MultiError` does, which is what the
 * Go pushgateway prints: one problem alone, several as
 * `N error(s) occurred:\n* first\n* second`. Needs at least one problem.
 */
export function formatProblems(problems: readonly string[]): string {
  if (problems.length === 1) return problems[0] ?? '';
  let out = `${problems.length} error(s) occurred:`;
  for (const problem of problems) out += `\n* ${problem}`;
  return out;
}

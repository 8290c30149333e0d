/**
 * Views of a text exposition for comparisons: the lines of pushed families
 * only (the gateways' own `go_*`, `process_*`, `nodejs_*`, `pushgateway_*`
 * and `pushgate_*` families differ by design), with push times masked.
 */

const OWN_FAMILY = /^(?:# (?:HELP|TYPE) )?(?:go|process|nodejs|pushgateway|pushgate)_/;
const PUSH_TIME = /^(push_(?:failure_)?time_seconds\{[^}]*\}) (.+)$/;

/**
 * The lines of pushed families, in order, with the value of every non-zero
 * `push_time_seconds` / `push_failure_time_seconds` sample replaced by `<time>`.
 */
export function pushedLines(exposition: string): string[] {
  return exposition
    .split('\n')
    .filter((line) => line !== '' && !OWN_FAMILY.test(line))
    .map((line) => {
      const match = PUSH_TIME.exec(line);
      return match && match[2] !== '0' ? `${match[1]} <time>` : line;
    });
}

/** The sample lines (no comments) of pushed families other than the push_* gauges. */
export function userSamples(exposition: string): string[] {
  return pushedLines(exposition).filter((line) => !line.startsWith('#') && !line.startsWith('push_'));
}

import type { MetricFamily } from '@pushgate/protocol';
import type { RunOutcome } from './run-command.js';

function gauge(name: string, help: string, value: number): MetricFamily {
  return { name, help, type: 'GAUGE', metric: [{ label: [], gauge: { value } }] };
}

/**
 * The gauges `run` pushes for one run. `<prefix>_last_success_timestamp_seconds`
 * is included only for a successful run: pushed with POST, a failed run then
 * leaves the previous success time in the group, which is what a staleness
 * alert (`time() - ..._last_success_timestamp_seconds > X`) needs.
 */
export function runMetricFamilies(prefix: string, outcome: RunOutcome): MetricFamily[] {
  const endedSeconds = outcome.endedAtMs / 1000;
  const families = [
    gauge(`${prefix}_last_run_timestamp_seconds`, 'Unix time when the last run ended.', endedSeconds),
    gauge(`${prefix}_duration_seconds`, 'Duration of the last run in seconds.', outcome.durationSeconds),
    gauge(
      `${prefix}_exit_code`,
      'Exit status of the last run: 128+N if killed by signal N, 127 if it could not start.',
      outcome.exitCode,
    ),
  ];
  if (outcome.exitCode === 0) {
    families.push(
      gauge(
        `${prefix}_last_success_timestamp_seconds`,
        'Unix time when the last successful run ended.',
        endedSeconds,
      ),
    );
  }
  return families;
}

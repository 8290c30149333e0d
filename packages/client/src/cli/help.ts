/** The CLI's commands. */
export type CommandName = 'push' | 'add' | 'delete' | 'run';

const CONNECTION = `Connection:
  --url URL              gateway base URL (default: $PUSHGATEWAY_URL); a path is kept
                         as a prefix, user:password@ in the URL becomes basic auth
  --timeout DURATION     per-attempt time limit, e.g. 10s, 500ms (bare number: seconds;
                         default 10s; 0 disables)
  --header 'Name: value' extra request header (repeatable)`;

const GROUP = `Group:
  --job JOB              job label of the group (required)
  --label NAME=VALUE     another grouping label (repeatable); any value works,
                         including empty, '/' and spaces`;

const BODY = `Body:
  --format text|protobuf wire format (default text)
  --gzip                 gzip the request body
  --ttl DURATION         group TTL, e.g. 15m, 2h, or seconds; 0 = never expire
                         (Pushgate only; other gateways ignore it)`;

export const MAIN_HELP = `Usage: pushgate-client <command> [options]

Push metrics to a Prometheus Pushgateway (Pushgate or the Go original).

Commands:
  push     replace a group with the metrics read from a file or stdin (PUT)
  add      replace only the pushed metric families in a group (POST)
  delete   delete a group (DELETE)
  run      run a command, then push its run time, duration and exit code

Options:
  --help, -h             help for a command: pushgate-client push --help
  --version              print the version

Exit status: 0 success, 1 the gateway call failed, 2 usage error;
run exits with the command's own status.
`;

export const COMMAND_HELP: Readonly<Record<CommandName, string>> = {
  push: `Usage: pushgate-client push --job JOB [--label NAME=VALUE ...] [--file FILE] [options]

Replaces the whole group with the metrics in FILE (text format 0.0.4; '-' or no
--file reads stdin). An empty input empties the group.

  --file FILE, -f FILE   read metrics from FILE instead of stdin

${GROUP}

${BODY}

${CONNECTION}
`,
  add: `Usage: pushgate-client add --job JOB [--label NAME=VALUE ...] [--file FILE] [options]

Like push, but only the metric families present in the input are replaced; the
group's other families stay (POST).

  --file FILE, -f FILE   read metrics from FILE instead of stdin

${GROUP}

${BODY}

${CONNECTION}
`,
  delete: `Usage: pushgate-client delete --job JOB [--label NAME=VALUE ...] [options]

Deletes exactly the group with this grouping key. Deleting a missing group
succeeds.

${GROUP}

${CONNECTION}
`,
  run: `Usage: pushgate-client run --job JOB [--label NAME=VALUE ...] [options] -- COMMAND [ARGS...]

Runs COMMAND, then pushes (POST) to the group these gauges:
  <prefix>_last_run_timestamp_seconds      when the last run ended (Unix time)
  <prefix>_duration_seconds                how long the last run took
  <prefix>_exit_code                       its exit status (128+N if killed by
                                           signal N, 127 if it could not start)
  <prefix>_last_success_timestamp_seconds  when the last successful run ended;
                                           pushed only on success, so a failed
                                           run keeps the previous value
Exits with COMMAND's status; if COMMAND succeeded but the push failed, exits 1.
SIGTERM is passed on to COMMAND; SIGINT reaches it from the terminal.

  --prefix PREFIX        metric name prefix (default: job)

${GROUP}

${BODY}

${CONNECTION}
`,
};

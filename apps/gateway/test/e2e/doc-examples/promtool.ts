/**
 * Prometheus configuration examples checked by Debian's promtool, the
 * validator Prometheus itself ships: a scrape config with `check config`,
 * alerting rules (a list, as documented, wrapped in a rule group) with
 * `check rules`.
 */
import { accessSync, constants } from 'node:fs';
import type { Finished } from '../../support/processes.js';
import { run } from '../../support/processes.js';
import type { Sandbox } from './shell-example.js';

const PROMTOOL = '/usr/bin/promtool';

function promtool(args: readonly string[]): Promise<Finished> {
  try {
    accessSync(PROMTOOL, constants.X_OK);
  } catch {
    throw new Error(
      `${PROMTOOL} is missing: install the Debian package prometheus (the doc examples need it)`,
    );
  }
  return run(PROMTOOL, args);
}

/** `promtool check config` on `yaml` as a prometheus.yml. */
export function checkPrometheusConfig(box: Sandbox, yaml: string): Promise<Finished> {
  return promtool(['check', 'config', box.write('prometheus.yml', yaml)]);
}

/** `promtool check rules` on a list of rules, as they appear under a group's `rules:`. */
export function checkRules(box: Sandbox, rulesYaml: string): Promise<Finished> {
  const indented = rulesYaml
    .split('\n')
    .map((line) => (line === '' ? line : `      ${line}`))
    .join('\n');
  return promtool([
    'check',
    'rules',
    box.write('rules.yml', `groups:\n  - name: example\n    rules:\n${indented}`),
  ]);
}

#!/usr/bin/env node
// The two entry points of the README, runnable on a machine that has only Node
// and npm: `npm start` / `pnpm start [gateway flags]` and `npm test` / `pnpm test`.
// Each brings the workspace up to date first (pnpm, dependencies, build), so
// that a fresh clone needs nothing else. Only Node built-ins are used here,
// because nothing is installed yet when this runs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmVersion = packageManager.replace(/^pnpm@/, '');

/** The pnpm to run: the one on PATH when it is the pinned version, else the pinned one through npx. */
function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: false });
  if (probe.status === 0 && probe.stdout.trim() === pnpmVersion) return ['pnpm'];
  return ['npx', '--yes', `pnpm@${pnpmVersion}`];
}

const pnpm = pnpmCommand();
// Keep the build quiet and offline-friendly: no telemetry notice, no network call from turbo.
process.env.TURBO_TELEMETRY_DISABLED = '1';

/** Runs a command in the repository root with inherited stdio; exits on failure. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`\n${[command, ...args].join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

function runPnpm(args, options) {
  const [command, ...prefix] = pnpm;
  run(command, [...prefix, ...args], options);
}

function install() {
  // CI=true makes pnpm refuse a lockfile that does not match package.json.
  runPnpm(['install', '--frozen-lockfile', '--reporter=silent']);
}

function start(flags) {
  install();
  runPnpm(['exec', 'turbo', 'run', 'build', '--filter=@pushgate/gateway...', '--output-logs=errors-only']);
  const child = spawn(process.execPath, [join(root, 'apps/gateway/dist/main.js'), ...flags], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function test(vitestArgs) {
  run('bash', [join(root, 'scripts/install-system-deps.sh')]);
  install();
  runPnpm(['run', 'lint']);
  runPnpm(['exec', 'turbo', 'run', 'build', 'typecheck', '--output-logs=errors-only']);
  const reportDir = join(root, '.test-artifacts');
  mkdirSync(reportDir, { recursive: true });
  const report = join(reportDir, 'vitest.json');
  const [command, ...prefix] = pnpm;
  const result = spawnSync(
    command,
    [
      ...prefix,
      'exec',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...vitestArgs,
    ],
    { cwd: root, stdio: 'inherit' },
  );
  // CI reads a plain closing line; vitest's own summary is not recognised there.
  let passed = 0;
  let failed = 0;
  if (existsSync(report)) {
    const summary = JSON.parse(readFileSync(report, 'utf8'));
    passed = summary.numPassedTests;
    // Skipped and todo tests count as failures: the project keeps none.
    failed = summary.numFailedTests + summary.numPendingTests + summary.numTodoTests;
    // A suite that failed to load has no tests to count, but it is a failure.
    failed += summary.testResults.filter(
      (file) => file.status === 'failed' && file.assertionResults.length === 0,
    ).length;
  } else {
    failed = 1;
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(result.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'start') start(rest);
else if (command === 'test') test(rest);
else {
  console.error('usage: node scripts/workspace.mjs start [gateway flags] | test [vitest args]');
  process.exit(2);
}

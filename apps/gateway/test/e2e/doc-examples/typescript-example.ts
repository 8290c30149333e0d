/**
 * Documented TypeScript examples, type-checked against the built
 * @pushgate/client declarations and run with node: types stripped by
 * TypeScript's `transpileModule`, package imports pointed at the workspace's
 * builds, so that what runs is what a user of the published packages runs.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { run } from '../../support/processes.js';
import type { Sandbox } from './shell-example.js';

const GATEWAY_PACKAGE = fileURLToPath(new URL('../../../package.json', import.meta.url));
const requireFromGateway = createRequire(GATEWAY_PACKAGE);
const ROOT_TYPES = fileURLToPath(new URL('../../../../../node_modules/@types', import.meta.url));

/** The packages documentation examples may import, resolved as a user's project would. */
const PACKAGES = ['@pushgate/client', 'prom-client'] as const;

interface PackageJson {
  readonly main?: string;
  readonly types?: string;
  readonly exports?: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
}

/**
 * The file a user's `import` (or TypeScript, for `types`) gets: read from the
 * package's manifest, because require.resolve inside vitest would honour the
 * workspace's source condition and answer with TypeScript sources.
 */
function packageFile(name: string, kind: 'default' | 'types'): string {
  const manifestPath = requireFromGateway.resolve(`${name}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as PackageJson;
  const root = manifest.exports?.['.'];
  const relative = typeof root === 'object' ? root[kind] : kind === 'types' ? manifest.types : manifest.main;
  if (relative === undefined) throw new Error(`${name} has no ${kind} entry`);
  return join(dirname(manifestPath), relative);
}

/** A module-level import of anything but the allowed packages is a doc problem. */
function pointImportsAtBuilds(javascript: string): string {
  return javascript.replace(
    /(\bfrom\s+|\bimport\s+)(['"])([^'"]+)\2/g,
    (_match, keyword: string, _q, specifier: string) => {
      if (!(PACKAGES as readonly string[]).includes(specifier)) {
        throw new Error(`the example imports ${specifier}, which the doc-example runner does not provide`);
      }
      return `${keyword}'${pathToFileURL(packageFile(specifier, 'default')).href}'`;
    },
  );
}

/** Types of `source` as written (a module with top-level await); the diagnostics as text, `[]` when clean. */
export function typeErrors(box: Sandbox, source: string): string[] {
  const file = box.write('example.ts', source);
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    typeRoots: [ROOT_TYPES],
    types: ['node'],
    paths: Object.fromEntries(PACKAGES.map((name) => [name, [packageFile(name, 'types')]])),
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

/** Runs `source` (TypeScript) as an ES module with node in `box`. */
export async function runTypeScript(box: Sandbox, source: string) {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  const file = box.write('example.mjs', pointImportsAtBuilds(outputText));
  return run(process.execPath, [file], 15_000);
}

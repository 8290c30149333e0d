/**
 * What the gateway says about its build: in `--version`, in the
 * `pushgateway_build_info` metric and in `/api/v1/status`. The field names
 * follow the Go pushgateway's so dashboards and scripts keep working; the
 * "go" fields carry the Node.js runtime's equivalents.
 */
import { createRequire } from 'node:module';

/** Build and runtime facts of this gateway. */
export interface BuildInfo {
  readonly version: string;
  readonly revision: string;
  readonly branch: string;
  readonly buildUser: string;
  readonly buildDate: string;
  /** The runtime, in the place of Go's `goversion`: `node20.20.0`. */
  readonly runtimeVersion: string;
  /** Operating system, named as Go's GOOS names it (`linux`, `darwin`, `windows`). */
  readonly os: string;
  /** CPU architecture, named as Go's GOARCH names it (`amd64`, `arm64`). */
  readonly arch: string;
}

const GO_ARCH: Readonly<Record<string, string>> = {
  x64: 'amd64',
  ia32: '386',
  arm64: 'arm64',
  arm: 'arm',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
  mips: 'mips',
  mipsel: 'mipsle',
};

const GO_OS: Readonly<Record<string, string>> = { win32: 'windows', sunos: 'solaris' };

const UNKNOWN = 'unknown';

/**
 * Reads the build facts: the version from this package's package.json (the
 * same file one directory up from both `src/` and `dist/`), the rest from
 * the running process. Git revision, branch and build user/date are not
 * recorded by the TypeScript build and read `unknown`.
 */
export function readBuildInfo(): BuildInfo {
  const manifest = createRequire(import.meta.url)('../package.json') as { version?: unknown };
  return {
    version: typeof manifest.version === 'string' ? manifest.version : UNKNOWN,
    revision: UNKNOWN,
    branch: UNKNOWN,
    buildUser: UNKNOWN,
    buildDate: UNKNOWN,
    runtimeVersion: `node${process.versions.node}`,
    os: GO_OS[process.platform] ?? process.platform,
    arch: GO_ARCH[process.arch] ?? process.arch,
  };
}

/** The `--version` text, in the layout of Prometheus' Go programs, ending with a newline. */
export function versionText(program: string, info: BuildInfo): string {
  return [
    `${program}, version ${info.version} (branch: ${info.branch}, revision: ${info.revision})`,
    `  build user:       ${info.buildUser}`,
    `  build date:       ${info.buildDate}`,
    `  node version:     ${info.runtimeVersion}`,
    `  platform:         ${info.os}/${info.arch}`,
    '',
  ].join('\n');
}

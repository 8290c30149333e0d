import { type GoJson, goJsonMap, goJsonStringify, goJsonStruct } from '../http/go-json.js';
import { formatRfc3339Nano } from '../http/rfc3339.js';
import type { BuildInfo } from '../version.js';

/** What `/api/v1/status` reports. */
export interface StatusInfo {
  readonly build: BuildInfo;
  /** Every flag (but help and version) as a string, as {@link statusFlags} renders them. */
  readonly flags: Readonly<Record<string, string>>;
  /** When the gateway started, in milliseconds since the epoch. */
  readonly startTimeMs: number;
}

/**
 * The whole `/api/v1/status` response text in the Go pushgateway's shape:
 * `build_information` (Go's six keys; `goVersion` holds the Node.js
 * version), `flags`, and `start_time` in RFC 3339 with nanoseconds, local zone.
 */
export function statusResponseJson(status: StatusInfo): string {
  const build = status.build;
  const buildInformation: GoJson = goJsonMap([
    ['branch', build.branch],
    ['buildDate', build.buildDate],
    ['buildUser', build.buildUser],
    ['goVersion', build.runtimeVersion],
    ['revision', build.revision],
    ['version', build.version],
  ]);
  return goJsonStringify(
    goJsonStruct([
      ['status', 'success'],
      [
        'data',
        goJsonStruct([
          ['build_information', buildInformation],
          ['flags', goJsonMap(Object.entries(status.flags))],
          ['start_time', formatRfc3339Nano(status.startTimeMs)],
        ]),
      ],
    ]),
  );
}

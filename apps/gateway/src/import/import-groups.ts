import {
  encodeDelimited,
  encodeGroupingPath,
  metricsResponseSchema,
  PROTOBUF_DELIMITED_CONTENT_TYPE,
} from '@pushgate/protocol';
import { familiesOfApiGroup, type ImportLoss } from './api-families.js';

export interface ImportOptions {
  /** Base URL of the gateway to copy from (a Go pushgateway, or another Pushgate). */
  readonly from: string;
  /** Base URL of the Pushgate to copy into. */
  readonly to: string;
  /** Per request, in milliseconds. */
  readonly timeoutMs: number;
}

export interface ImportResult {
  readonly imported: number;
  readonly failed: readonly { readonly group: string; readonly error: string }[];
  readonly losses: readonly ImportLoss[];
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * Copies every group of a running gateway into Pushgate: reads the source's
 * `/api/v1/metrics` and PUTs each group to the target under the same grouping
 * key, in delimited protobuf so that types, HELP and values arrive exactly.
 * The target sets new push times (the source's are not carried over).
 */
export async function importGroups(options: ImportOptions): Promise<ImportResult> {
  const source = `${trimSlash(options.from)}/api/v1/metrics`;
  const response = await fetch(source, { signal: AbortSignal.timeout(options.timeoutMs) });
  if (!response.ok) throw new Error(`GET ${source}: ${response.status} ${await response.text()}`);
  const parsed = metricsResponseSchema.safeParse(await response.json());
  if (!parsed.success)
    throw new Error(`GET ${source}: not a pushgateway metrics API answer: ${parsed.error.message}`);

  const losses: ImportLoss[] = [];
  const failed: { group: string; error: string }[] = [];
  let imported = 0;
  for (const group of parsed.data.data) {
    const families = familiesOfApiGroup(group, losses);
    const path = encodeGroupingPath(group.labels);
    try {
      const put = await fetch(`${trimSlash(options.to)}${path}`, {
        method: 'PUT',
        headers: { 'Content-Type': PROTOBUF_DELIMITED_CONTENT_TYPE },
        body: encodeDelimited(families),
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const text = await put.text();
      if (put.status !== 200 && put.status !== 202) throw new Error(`${put.status} ${text.trim()}`);
      imported++;
    } catch (error) {
      failed.push({ group: JSON.stringify(group.labels), error: (error as Error).message });
    }
  }
  return { imported, failed, losses };
}

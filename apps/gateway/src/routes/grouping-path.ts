import type { GroupingPath } from '@pushgate/protocol';

const BASE64_JOB = '@base64/';

/**
 * Splits the decoded path of a push or delete request, known to start with
 * `<base>/` or `<base>@base64/` (`base` being `<prefix>/metrics/job`), into
 * the job segment and the rest, as Go's router hands them to its handler:
 * `/metrics/job/j/a/b` → job `j`, labels `/a/b`; `/metrics/job/j/` → labels `/`.
 */
export function groupingPathOf(decodedPath: string, base: string): GroupingPath {
  const afterBase = decodedPath.slice(base.length);
  const jobBase64 = afterBase.startsWith(BASE64_JOB);
  const rest = afterBase.slice(jobBase64 ? BASE64_JOB.length : 1);
  const slash = rest.indexOf('/');
  return slash < 0
    ? { job: rest, jobBase64, labels: '' }
    : { job: rest.slice(0, slash), jobBase64, labels: rest.slice(slash) };
}

/**
 * Errors reading the files `--web.config.file` names (the config itself,
 * certificates, keys, CAs), worded as Go words them. A file of its own so
 * that TLS set-up can use it without loading the YAML parser.
 */

/** A file error in Go's words (`open <path>: no such file or directory`). */
export function describeReadError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return `open ${path}: no such file or directory`;
    case 'EACCES':
      return `open ${path}: permission denied`;
    case 'EISDIR':
      return `read ${path}: is a directory`;
    default:
      return `open ${path}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

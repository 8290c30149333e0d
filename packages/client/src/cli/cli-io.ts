/** A writable text sink, such as `process.stdout`. */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * Everything the CLI touches of its process, so that tests can run it
 * in-process with their own streams and environment.
 */
export interface CliIo {
  /** Read when no `--file` (or `--file -`) is given. `isTTY` triggers a hint that input is awaited. */
  readonly stdin: AsyncIterable<Uint8Array | string> & { readonly isTTY?: boolean };
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly env: Readonly<Record<string, string | undefined>>;
}

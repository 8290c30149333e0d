/** Why the persistence files cannot be used; each stops the start with a clear message. */
export type PersistenceErrorCode = 'newer_version' | 'not_a_file' | 'unwritable' | 'not_pushgate_file';

export class PersistenceError extends Error {
  override readonly name = 'PersistenceError';
  readonly code: PersistenceErrorCode;
  readonly path: string;
  constructor(code: PersistenceErrorCode, path: string, message: string) {
    super(message);
    this.code = code;
    this.path = path;
  }
}

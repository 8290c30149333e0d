// Type declarations for the parts of snappyjs (plain JavaScript) the gateway uses.
declare module 'snappyjs' {
  /**
   * Decompresses one raw snappy block. Throws an Error when the block is
   * malformed or, with `maxLength`, when it would decompress to more bytes.
   */
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
  /** Compresses bytes into one raw snappy block. */
  export function compress(uncompressed: Uint8Array): Uint8Array;
}

/**
 * Gzips bytes with the web-standard `CompressionStream`, available in Node 18+,
 * Deno, Bun and browsers, so the core needs no `node:zlib`.
 */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const compressed = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(compressed).arrayBuffer());
}

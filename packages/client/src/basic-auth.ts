/** Basic credentials, sent as `Authorization: Basic base64(utf8(username:password))` (RFC 7617). */
export interface BasicAuth {
  readonly username: string;
  readonly password: string;
}

/**
 * The `Authorization` header value for basic credentials, UTF-8 encoded as
 * RFC 7617 recommends. Uses `btoa`, so it runs wherever `fetch` does.
 */
export function basicAuthorization({ username, password }: BasicAuth): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/**
 * `--web.listen-address` values in Go's `host:port` form: `:9091` (every
 * interface), `127.0.0.1:9091`, `[::1]:9091`, `localhost:9091`.
 */

/** Where to listen: `host` empty means every interface. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** The outcome of {@link parseListenAddress}: an address, or Go's error message. */
export type ListenAddressParse = { readonly address: ListenAddress } | { readonly error: string };

/**
 * Splits `host:port` as Go's `net.SplitHostPort` does (brackets required
 * around an IPv6 host) and checks the port is a number from 0 to 65535.
 * Errors read like Go's: `address foo: missing port in address`.
 */
export function parseListenAddress(text: string): ListenAddressParse {
  const colon = text.lastIndexOf(':');
  if (colon < 0) return { error: `address ${text}: missing port in address` };
  let host = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  if (host.startsWith('[')) {
    if (!host.endsWith(']')) return { error: `address ${text}: missing ']' in address` };
    host = host.slice(1, -1);
  } else if (host.includes(':')) {
    return { error: `address ${text}: too many colons in address` };
  }
  if (host.includes('[') || host.includes(']')) {
    return { error: `address ${text}: unexpected '[' or ']' in address` };
  }
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    return { error: `address ${text}: invalid port ${JSON.stringify(portText)}` };
  }
  return { address: { host, port: Number(portText) } };
}

/** The address as Go prints a listener's address: `host:port`, IPv6 hosts in brackets. */
export function formatListenAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

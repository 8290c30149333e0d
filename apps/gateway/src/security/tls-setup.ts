/**
 * `tls_server_config` turned into Node TLS options, checked as Go's
 * exporter-toolkit checks it (`ConfigToTLSConfig`), with its messages:
 * no certificate, key, client CA or client-auth type at all means no TLS;
 * otherwise the certificate and key must load, the client CA file must be
 * readable, the client-auth type known, and a client CA needs a policy
 * that asks for client certificates.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext, getCiphers, type SecureContextOptions } from 'node:tls';
import {
  type ClientAuthType,
  CURVES,
  clientAuthTypeOf,
  TLS_VERSIONS,
  TLS12_CIPHER_SUITES,
} from './go-tls-names.js';
import { describeReadError } from './read-error.js';
import type { TlsServerConfig } from './web-config.js';

/** A usable TLS setup. */
export interface TlsSetup {
  /** For `tls.createServer` and `setSecureContext`. */
  readonly context: SecureContextOptions;
  readonly clientAuth: ClientAuthType;
  /** A digest of the settings and file contents, to tell whether a re-read changed anything. */
  readonly fingerprint: string;
}

export type TlsSetupResult =
  | { readonly setup: TlsSetup }
  /** The config enables no TLS: serve plain HTTP. */
  | { readonly none: true }
  | { readonly error: string };

/**
 * Reads the files `config` names and builds the TLS options; never throws.
 * When settings and files are what `previous` was built from, `previous`
 * itself is returned, without building a TLS context again.
 */
export function setUpTls(config: TlsServerConfig, previous?: TlsSetup): TlsSetupResult {
  if (
    config.certFile === '' &&
    config.keyFile === '' &&
    config.clientAuthType === '' &&
    config.clientCaFile === ''
  ) {
    return { none: true };
  }
  if (config.certFile === '') return { error: 'missing cert_file' };
  if (config.keyFile === '') return { error: 'missing key_file' };
  const cert = readFile(config.certFile);
  if ('error' in cert) return { error: `failed to load X509KeyPair: ${cert.error}` };
  const key = readFile(config.keyFile);
  if ('error' in key) return { error: `failed to load X509KeyPair: ${key.error}` };
  const ca = config.clientCaFile === '' ? undefined : readFile(config.clientCaFile);
  if (ca !== undefined && 'error' in ca) return { error: ca.error };
  const clientAuth = clientAuthTypeOf(config.clientAuthType);
  if (clientAuth === undefined) return { error: `Invalid ClientAuth: ${config.clientAuthType}` };
  if (ca !== undefined && clientAuth === 'NoClientCert') {
    return { error: "Client CA's have been configured without a Client Auth Policy" };
  }
  const ciphers = opensslCiphers(config.cipherSuites);
  if ('error' in ciphers) return ciphers;

  const fingerprint = createHash('sha256')
    .update(JSON.stringify({ config, clientAuth }))
    .update(cert.bytes)
    .update(key.bytes)
    .update(ca?.bytes ?? '')
    .digest('hex');
  if (previous?.fingerprint === fingerprint) return { setup: previous };

  const context: SecureContextOptions = {
    cert: cert.bytes,
    key: key.bytes,
    ...(ca === undefined ? {} : { ca: ca.bytes }),
    ...(ciphers.list === '' ? {} : { ciphers: ciphers.list }),
    ...(config.curvePreferences.length === 0
      ? {}
      : { ecdhCurve: config.curvePreferences.map((curve) => CURVES.get(curve)).join(':') }),
    minVersion: TLS_VERSIONS.get(config.minVersion) ?? 'TLSv1.2',
    maxVersion: TLS_VERSIONS.get(config.maxVersion) ?? 'TLSv1.3',
    honorCipherOrder: config.preferServerCipherSuites,
  };
  try {
    createSecureContext(context);
  } catch (error) {
    return { error: `failed to load X509KeyPair: ${error instanceof Error ? error.message : String(error)}` };
  }
  return { setup: { context, clientAuth, fingerprint } };
}

function readFile(path: string): { readonly bytes: Buffer } | { readonly error: string } {
  try {
    return { bytes: readFileSync(path) };
  } catch (error) {
    return { error: describeReadError(path, error) };
  }
}

/**
 * The OpenSSL cipher list for Go suite names. TLS 1.3 names are dropped:
 * Go does not let them restrict TLS 1.3 either. A suite this Node's OpenSSL
 * lacks (RC4, 3DES) is refused rather than silently left out.
 */
function opensslCiphers(goNames: readonly string[]): { readonly list: string } | { readonly error: string } {
  const available = new Set(getCiphers());
  const names: string[] = [];
  for (const goName of goNames) {
    const name = TLS12_CIPHER_SUITES.get(goName);
    if (name === undefined) continue;
    if (!available.has(name.toLowerCase())) {
      return { error: `cipher ${goName} (${name}) is not available in this Node.js's OpenSSL` };
    }
    names.push(name);
  }
  return { list: names.join(':') };
}

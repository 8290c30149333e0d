import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCertificates, type TestCertificates } from '../../test/security/support/certificates.js';
import { type TempDir, tempDir } from '../../test/security/support/web-config-files.js';
import { setUpTls, type TlsSetup } from './tls-setup.js';
import type { TlsServerConfig } from './web-config.js';

let dir: TempDir;
let certs: TestCertificates;
beforeAll(() => {
  dir = tempDir();
  certs = generateCertificates(dir.path);
});
afterAll(() => dir.remove());

const base = (): TlsServerConfig => ({
  certFile: certs.serverCert,
  keyFile: certs.serverKey,
  clientCaFile: '',
  clientAuthType: '',
  cipherSuites: [],
  curvePreferences: [],
  minVersion: 'TLS12',
  maxVersion: 'TLS13',
  preferServerCipherSuites: true,
});

function setup(config: TlsServerConfig, previous?: TlsSetup): TlsSetup {
  const result = setUpTls(config, previous);
  if (!('setup' in result)) throw new Error(JSON.stringify(result));
  return result.setup;
}

describe('setUpTls', () => {
  it('maps Go settings to Node options', () => {
    const built = setup({
      ...base(),
      clientCaFile: certs.caCert,
      clientAuthType: 'RequireClientCert',
      cipherSuites: ['TLS_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'],
      curvePreferences: ['X25519', 'CurveP384'],
      minVersion: 'TLS11',
      preferServerCipherSuites: false,
    });
    expect(built.clientAuth).toBe('RequireAnyClientCert');
    expect(built.context).toMatchObject({
      ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256',
      ecdhCurve: 'X25519:P-384',
      minVersion: 'TLSv1.1',
      maxVersion: 'TLSv1.3',
      honorCipherOrder: false,
    });
    expect(setUpTls({ ...base(), certFile: '', keyFile: '' })).toEqual({ none: true });
  });

  it('reuses the previous setup while settings and files are unchanged, and notices a renewed file', () => {
    const first = setup(base());
    expect(setup(base(), first)).toBe(first);
    // A trailing newline changes the bytes, not the certificate.
    writeFileSync(certs.serverCert, '\n', { flag: 'a' });
    const renewed = setup(base(), first);
    expect(renewed).not.toBe(first);
    expect(renewed.fingerprint).not.toBe(first.fingerprint);
  });
});

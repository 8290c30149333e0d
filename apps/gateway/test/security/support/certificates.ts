/**
 * Test certificates made with the openssl command line (Debian's): a CA,
 * a server certificate for 127.0.0.1 signed by it, a client certificate
 * signed by it, and a self-signed "rogue" client certificate no CA vouches
 * for. EC P-256 keys, so generation takes milliseconds.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCertificates {
  readonly dir: string;
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  readonly rogueCert: string;
  readonly rogueKey: string;
}

function openssl(args: readonly string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Generates a fresh set in `dir` (which must exist) and returns the file paths. */
export function generateCertificates(dir: string, prefix = ''): TestCertificates {
  const file = (name: string) => join(dir, `${prefix}${name}`);
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl([
    'req',
    '-x509',
    ...ecKey,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.crt'),
    '-days',
    '2',
    '-subj',
    '/CN=pushgate-test-ca',
  ]);
  const signed = (name: string, subject: string, extensions?: string) => {
    openssl(['req', ...ecKey, '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`), '-subj', subject]);
    const extra = extensions === undefined ? [] : ['-extfile', extensions];
    openssl([
      'x509',
      '-req',
      '-in',
      file(`${name}.csr`),
      '-CA',
      file('ca.crt'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-out',
      file(`${name}.crt`),
      '-days',
      '2',
      ...extra,
    ]);
  };
  writeFileSync(file('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  signed('server', '/CN=127.0.0.1', file('san.ext'));
  signed('client', '/CN=pushgate-test-client');
  openssl([
    'req',
    '-x509',
    ...ecKey,
    '-keyout',
    file('rogue.key'),
    '-out',
    file('rogue.crt'),
    '-days',
    '2',
    '-subj',
    '/CN=rogue',
  ]);
  return {
    dir,
    caCert: file('ca.crt'),
    serverCert: file('server.crt'),
    serverKey: file('server.key'),
    clientCert: file('client.crt'),
    clientKey: file('client.key'),
    rogueCert: file('rogue.crt'),
    rogueKey: file('rogue.key'),
  };
}

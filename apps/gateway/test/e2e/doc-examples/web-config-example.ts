/**
 * The web config files of docs/security.md, used as written by a gateway
 * started with `--web.config.file`: the elided bcrypt hashes (`$2y$10$...`)
 * replaced by real ones, and the certificate files the TLS example names
 * generated next to it (its paths are relative to the file).
 */
import { expect } from 'vitest';
import { generateCertificates } from '../../security/support/certificates.js';
import { httpsSend, statusOf } from '../../security/support/https-client.js';
import { basicAuth, hashPassword } from '../../security/support/web-config-files.js';
import { send } from '../../support/raw-http.js';
import { startChildPushgate } from './child-pushgate.js';
import type { DocBlock } from './markdown-blocks.js';
import { sandbox, substitute } from './shell-example.js';

const ELIDED_HASH = '$2y$10$...';

/** The block with each `user: $2y$10$...` line given the hash of the password `<user>-secret`. */
function withRealHashes(yaml: string, users: readonly string[]): string {
  return substitute(
    yaml,
    users.map((user) => [`${user}: ${ELIDED_HASH}`, `${user}: ${hashPassword(`${user}-secret`)}`] as const),
  );
}

const credentials = (user: string) => ({ Authorization: basicAuth(user, `${user}-secret`) });

/**
 * The TLS + basic auth example: a client with a certificate from the CA and
 * a user's password gets 200 and the configured headers; without the
 * password 401; without a certificate no answer at all.
 */
export async function checkTlsWebConfigExample(block: DocBlock): Promise<void> {
  const box = sandbox();
  try {
    const certificates = generateCertificates(box.dir);
    const file = box.write('web.yml', withRealHashes(block.content, ['prometheus', 'ci']));
    const request = (port: number, headers: Record<string, string>, withCertificate = true) =>
      httpsSend({
        port,
        path: '/metrics',
        headers,
        ca: certificates.caCert,
        ...(withCertificate ? { cert: certificates.clientCert, key: certificates.clientKey } : {}),
      });
    const gateway = await startChildPushgate(
      [`--web.config.file=${file}`],
      async (port) => statusOf(await request(port, credentials('prometheus'))) === 200,
    );
    try {
      const answer = await request(gateway.port, credentials('prometheus'));
      expect('failed' in answer ? answer : answer.headers).toMatchObject({
        'strict-transport-security': 'max-age=31536000',
        'x-frame-options': 'deny',
      });
      expect(statusOf(await request(gateway.port, credentials('ci')))).toBe(200);
      expect(statusOf(await request(gateway.port, {}))).toBe(401);
      expect(statusOf(await request(gateway.port, credentials('prometheus'), false))).toBe('failed');
    } finally {
      await gateway.stop();
    }
  } finally {
    box.remove();
  }
}

/**
 * The push/scrape/admin example: each identity may do what the comments
 * say and no more, and anonymous requests may scrape only.
 */
export async function checkAuthorizationExample(block: DocBlock): Promise<void> {
  const box = sandbox();
  try {
    const file = box.write('web.yml', withRealHashes(block.content, ['prometheus', 'ci', 'ops']));
    const gateway = await startChildPushgate(
      [`--web.config.file=${file}`, '--web.enable-admin-api'],
      async (port) => (await send(`http://127.0.0.1:${port}`, { path: '/-/ready' })).status === 200,
    );
    const base = `http://127.0.0.1:${gateway.port}`;
    const status = async (method: string, path: string, user?: string) =>
      (
        await send(base, {
          method,
          path,
          headers: user === undefined ? {} : credentials(user),
          ...(method === 'PUT' && path.startsWith('/metrics/') ? { body: 'm 1\n' } : {}),
        })
      ).status;
    try {
      const outcomes = {
        'anonymous scrape': await status('GET', '/metrics'),
        'anonymous push': await status('PUT', '/metrics/job/x'),
        'prometheus scrape': await status('GET', '/api/v1/metrics', 'prometheus'),
        'prometheus push': await status('PUT', '/metrics/job/x', 'prometheus'),
        'ci push': await status('PUT', '/metrics/job/x', 'ci'),
        'ci delete': await status('DELETE', '/metrics/job/x', 'ci'),
        'ci wipe': await status('PUT', '/api/v1/admin/wipe', 'ci'),
        'ops push': await status('PUT', '/metrics/job/x', 'ops'),
        'ops wipe': await status('PUT', '/api/v1/admin/wipe', 'ops'),
      };
      expect(outcomes).toEqual({
        'anonymous scrape': 200,
        'anonymous push': 401,
        'prometheus scrape': 200,
        'prometheus push': 403,
        'ci push': 200,
        'ci delete': 202,
        'ci wipe': 403,
        'ops push': 200,
        'ops wipe': 202,
      });
    } finally {
      await gateway.stop();
    }
  } finally {
    box.remove();
  }
}

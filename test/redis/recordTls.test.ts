import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, haveRedisServer, startRedis, type PrivateRedis } from './redisServer.js';

// `etasim record` on rediss://: the built CLI (NODE_EXTRA_CA_CERTS is read at process start) against a
// private redis-server that also listens with TLS, its certificate signed by a CA made here.
const inCi = Boolean(process.env['CI']);
const built = existsSync('dist/9-cli/main.js');
const haveOpenssl = existsSync('/usr/bin/openssl');

/** Runs the built CLI; resolves with its exit code and stderr. */
function etasim(args: readonly string[], env: Record<string, string>): Promise<{ code: number; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/etasim.js', ...args], { env: { ...process.env, ...env }, timeout: 30_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, err: stderr });
    });
  });
}

describe.skipIf(!inCi && (!haveRedisServer || !haveOpenssl || !built))('record over TLS (rediss://)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'etasim-record-tls-'));
  let server: PrivateRedis;
  let tlsUrl: string;
  beforeAll(async () => {
    const openssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=etasim-test-ca');
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    writeFileSync(join(dir, 'ext'), 'subjectAltName=IP:127.0.0.1\n');
    openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '1', '-extfile', 'ext');
    const tlsPort = await freePort();
    server = await startRedis([
      '--tls-port', String(tlsPort),
      '--tls-cert-file', join(dir, 'server.crt'),
      '--tls-key-file', join(dir, 'server.key'),
      '--tls-ca-cert-file', join(dir, 'ca.crt'),
      '--tls-auth-clients', 'no',
    ]);
    tlsUrl = `rediss://127.0.0.1:${tlsPort}/2`;
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('with the server\'s CA trusted: recorded, commands from the start included', async () => {
    const file = join(dir, 'tls.monitor');
    const client = new Redis(server.url);
    await client.ping();
    const timer = setInterval(() => void client.get('etasim:marker:tls'), 20);
    const { code, err } = await etasim(['record', '--redis', tlsUrl, '--out', file, '--duration', '1500ms'], { NODE_EXTRA_CA_CERTS: join(dir, 'ca.crt') });
    clearInterval(timer);
    client.disconnect();
    expect(err).not.toMatch(/etasim record:/);
    expect(code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^OK\n(\d+\.\d{6} \[0 127\.0\.0\.1:\d+\] "get" "etasim:marker:tls"\n)+$/);
  });

  test('an untrusted certificate: one line, exit 2, no file', async () => {
    const file = join(dir, 'untrusted.monitor');
    const { code, err } = await etasim(['record', '--redis', tlsUrl, '--out', file, '--duration', '1s'], { NODE_EXTRA_CA_CERTS: '' });
    expect(code).toBe(2);
    expect(err).toMatch(/^etasim record: cannot reach rediss:\/\/127\.0\.0\.1:\d+\/2: self[- ]signed certificate in certificate chain\n$/);
    expect(existsSync(file)).toBe(false);
  });
});

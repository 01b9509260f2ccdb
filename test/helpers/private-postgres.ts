import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closedPort } from './store-backends.js';

/**
 * A PostgreSQL server of the test's own (Debian's binaries, a new data directory, 127.0.0.1 on a
 * free port, trust authentication for one role), for tests that restart the server mid-run: the
 * shared test server must stay up for the other test files running at the same time. Under root
 * the server runs as the `postgres` user, as PostgreSQL requires.
 */
export interface PrivatePostgres {
  /** postgres://storyline@127.0.0.1:PORT/storyline */
  readonly url: string;
  /** Stops the server (fast: sessions are cut off, as in a crash of the connections) and starts it again. */
  restart(): void;
  stop(): void;
}

/** Why no private server can be made here, or null. */
export function privatePostgresUnavailable(): string | null {
  if (binaries() === null) return 'no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)';
  if (process.getuid?.() === 0 && !fs.existsSync('/usr/sbin/runuser')) return 'running as root without runuser to start PostgreSQL as postgres';
  return null;
}

function binaries(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(a) - Number(b));
  const newest = versions.at(-1);
  return newest ? path.join(root, newest, 'bin') : null;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binaries();
  if (!bin) throw new Error(privatePostgresUnavailable()!);
  const asRoot = process.getuid?.() === 0;
  // Removed by stop(), after the server is down.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storyline-pg-'));
  const data = path.join(dir, 'data');
  if (asRoot) {
    fs.chmodSync(dir, 0o755);
    fs.mkdirSync(data, { mode: 0o700 });
    execFileSync('chown', ['postgres:postgres', data]);
  }
  const run = (tool: string, args: string[]): void => {
    const command = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]] as const : [path.join(bin, tool), args] as const;
    execFileSync(command[0], [...command[1]], { stdio: 'pipe', cwd: '/' });
  };
  run('initdb', ['-D', data, '-U', 'storyline', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await closedPort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${data} -c fsync=off -c max_connections=60`;
  const log = path.join(data, 'server.log');
  const start = (): void => run('pg_ctl', ['-D', data, '-o', options, '-l', log, '-w', '-t', '60', 'start']);
  start();
  run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'storyline', 'storyline']);
  let stopped = false;
  return {
    url: `postgres://storyline@127.0.0.1:${port}/storyline`,
    restart() {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      start();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already down
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

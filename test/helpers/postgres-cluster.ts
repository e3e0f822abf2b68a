import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { access, chmod, chown, mkdir, mkdtemp, open, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const execFileAsync = promisify(execFile);

const INSTALL_HINT = 'install PostgreSQL 15: apt-get install -y postgresql';

export interface ThrowawayPostgresOptions {
  /** Folder holding initdb and postgres; default: `$POSTGRES_BIN_DIR`, then `pg_config --bindir`, then the newest `/usr/lib/postgresql/N/bin`. */
  binDir?: string;
  /** Room for ~8 test files × a few pools each, plus 3 bot processes. */
  maxConnections?: number;
  /** How long initdb plus the server's start may take before giving up. @unit milliseconds */
  startTimeoutMs?: number;
}

export interface ThrowawayPostgres {
  /** The superuser's URL on the `postgres` database, over TCP (no password: trust authentication). */
  url: string;
  host: string;
  port: number;
  /** The temporary folder (data directory, unix socket, server log) that `stop()` removes. */
  directory: string;
  /** Stops the server at once (immediate shutdown: nothing is worth keeping) and removes its folder. Idempotent. */
  stop(): Promise<void>;
}

/** The user the server runs as: PostgreSQL refuses root, so as root it is the `postgres` system user. */
interface RunAs {
  uid: number;
  gid: number;
}

async function isServerBinDir(dir: string): Promise<boolean> {
  try {
    await Promise.all(['initdb', 'postgres'].map((name) => access(join(dir, name))));
    return true;
  } catch {
    return false;
  }
}

/** Finds a folder with initdb and postgres, or throws the install hint (the caller's test run then fails). */
export async function findPostgresBinDir(explicit?: string): Promise<string> {
  const chosen = explicit ?? process.env.POSTGRES_BIN_DIR;
  if (chosen !== undefined) {
    // Asked for by name: a wrong folder is an error, not a reason to quietly use another PostgreSQL.
    if (await isServerBinDir(chosen)) return chosen;
    throw new Error(`PostgreSQL server binaries (initdb, postgres) not found in ${chosen}; ${INSTALL_HINT}`);
  }
  const candidates: string[] = [];
  try {
    // On Debian pg_config may come from libpq-dev alone, naming a bindir without a server in it: hence the check below.
    const { stdout } = await execFileAsync('pg_config', ['--bindir']);
    candidates.push(stdout.trim());
  } catch {
    // No pg_config on PATH: the Debian layout below still finds an installed server.
  }
  try {
    const versions = (await readdir('/usr/lib/postgresql')).filter((name) => /^\d+$/.test(name));
    versions.sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => `/usr/lib/postgresql/${version}/bin`));
  } catch {
    // No /usr/lib/postgresql: PostgreSQL is not installed the Debian way.
  }
  for (const dir of candidates) if (await isServerBinDir(dir)) return dir;
  throw new Error(
    `PostgreSQL server binaries (initdb, postgres) not found (looked in: ${candidates.join(', ') || 'pg_config --bindir, /usr/lib/postgresql/*/bin'}); ${INSTALL_HINT}`,
  );
}

async function postgresSystemUser(): Promise<RunAs> {
  const passwd = await readFile('/etc/passwd', 'utf8');
  const fields = passwd
    .split('\n')
    .map((line) => line.split(':'))
    .find((entry) => entry[0] === 'postgres');
  if (fields === undefined || fields[2] === undefined || fields[3] === undefined) {
    throw new Error(`running as root, but there is no \`postgres\` system user to run the server as; ${INSTALL_HINT}`);
  }
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

/** Runs a PostgreSQL program to completion as `runAs`, with none of the caller's PG* variables. */
async function run(binary: string, args: readonly string[], runAs: RunAs | undefined): Promise<void> {
  const child = spawn(binary, args, { env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'], ...runAs });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`${binary} ${args.join(' ')} exited with ${code}:\n${output.join('')}`);
}

/** PG* variables of a developer's shell (PGDATA, PGPORT…) must not steer the throwaway cluster; C keeps messages in English. */
function serverEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', LANG: 'C' };
}

/** A port that was free a moment ago; postgres may still lose it to another process, which `start` retries. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('could not read a free port');
  return address.port;
}

/** Resolves once `url` accepts a connection; rejects if the server exits first or `deadline` passes. */
async function waitUntilAccepting(url: string, server: ChildProcess, exited: Promise<unknown>, deadline: number) {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  for (;;) {
    if (gone) throw new Error(`postgres exited with ${server.exitCode ?? server.signalCode} during start`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections in time: ${String(error)}`);
    }
    // Polling with a deadline: the server gives no signal of readiness other than accepting a connection.
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Starts a PostgreSQL cluster of its own in a temporary folder, tuned for speed and nothing else (no fsync, no
 * durability: it is thrown away), listening on a free port of 127.0.0.1 with trust authentication.
 * Throws (with the install hint when PostgreSQL is missing) rather than letting a test run without it.
 */
export async function startThrowawayPostgres(options: ThrowawayPostgresOptions = {}): Promise<ThrowawayPostgres> {
  const binDir = await findPostgresBinDir(options.binDir);
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  const runAs = process.getuid?.() === 0 ? await postgresSystemUser() : undefined;
  const directory = await mkdtemp(join(tmpdir(), 'imagine-pg-'));
  const dataDir = join(directory, 'data');
  const socketDir = join(directory, 'socket');
  let server: ChildProcess | undefined;
  let exited: Promise<unknown> = Promise.resolve();

  const stop = async () => {
    if (server !== undefined && server.exitCode === null && server.signalCode === null) {
      // SIGQUIT is PostgreSQL's immediate shutdown (what `pg_ctl stop -m immediate` sends), straight to our own child.
      server.kill('SIGQUIT');
      const killer = setTimeout(() => server?.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    await rm(directory, { recursive: true, force: true });
  };

  try {
    await mkdir(socketDir);
    if (runAs !== undefined) {
      // The server's user must own its folders; 0700 keeps other local users out of a trust-authenticated socket.
      await chown(directory, runAs.uid, runAs.gid);
      await chown(socketDir, runAs.uid, runAs.gid);
    }
    await chmod(directory, 0o700);
    await chmod(socketDir, 0o700);
    // Trust on the socket and on 127.0.0.1 (--auth covers both); -U postgres names the superuser whoever runs it.
    await run(
      join(binDir, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
      runAs,
    );

    const logPath = join(directory, 'server.log');
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
      // The server writes its log to a file, not a pipe, so a busy event loop can never block it on a full pipe.
      const log = await open(logPath, 'a');
      server = spawn(
        join(binDir, 'postgres'),
        [
          ['-D', dataDir],
          ['-p', String(port)],
          ['-c', 'listen_addresses=127.0.0.1'],
          ['-c', `unix_socket_directories=${socketDir}`],
          ['-c', `max_connections=${options.maxConnections ?? 300}`],
          // Durability buys nothing for a cluster deleted at the end of the run.
          ['-c', 'fsync=off'],
          ['-c', 'synchronous_commit=off'],
          ['-c', 'full_page_writes=off'],
          // Minimal WAL skips logging the contents of tables created in the same transaction (migrations, fixtures).
          ['-c', 'wal_level=minimal'],
          ['-c', 'max_wal_senders=0'],
        ].flat(),
        { env: serverEnv(), stdio: ['ignore', log.fd, log.fd], ...runAs },
      );
      const child = server;
      exited = new Promise((resolve) => {
        child.once('exit', resolve);
        child.once('error', resolve);
      });
      await log.close();
      try {
        await waitUntilAccepting(url, child, exited, deadline);
        return { url, host: '127.0.0.1', port, directory, stop };
      } catch (error) {
        const serverLog = await readFile(logPath, 'utf8').catch(() => '');
        // Another process may have taken the port between freePort() and the server's bind: another port, then.
        if (attempt < 5 && child.exitCode !== null && /could not bind|Address already in use/.test(serverLog)) continue;
        throw new Error(`${error instanceof Error ? error.message : String(error)}\nserver log:\n${serverLog}`);
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

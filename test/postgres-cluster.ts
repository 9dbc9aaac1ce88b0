import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/**
 * A throwaway PostgreSQL cluster for the tests: its own directory, a port of its own, trust authentication on
 * 127.0.0.1 only, fsync off (but every acknowledged commit durable against a server crash). It never touches a cluster the machine may already run. Root cannot run the server,
 * so as root every server command runs as the `postgres` user (Debian's package creates it).
 */

export type Cluster = {
  port: number;
  directory: string;
  /** A connection URL for one database of the cluster. */
  url: (database: string) => string;
  createDatabase: (name: string) => Promise<void>;
  /** Stops the server at once (as a crash or an outage would) and leaves its files. */
  kill: () => void;
  /** Starts the stopped server again on the same port and files. */
  restart: () => void;
  /** Stops the server and deletes its files. */
  destroy: () => void;
};

function binDirectory(): string {
  if (process.env.POSTGRES_BIN_DIR) return process.env.POSTGRES_BIN_DIR;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join(root, versions[0], "bin");
  try {
    return execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("PostgreSQL's server is not installed: apt-get install -y postgresql (or set POSTGRES_BIN_DIR)");
  }
}

const asRoot = process.getuid?.() === 0;

function run(binary: string, args: string[]): void {
  const path = join(binDirectory(), binary);
  const [command, ...rest] = asRoot ? ["runuser", "-u", "postgres", "--", path, ...args] : [path, ...args];
  execFileSync(command as string, rest, { stdio: ["ignore", "ignore", "pipe"], cwd: tmpdir() });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** Starts a cluster. With `directory`, a cluster left there by an earlier run is stopped and replaced. */
export async function startCluster(options: { port?: number; directory?: string } = {}): Promise<Cluster> {
  const port = options.port ?? (await freePort());
  const directory = options.directory ?? join(tmpdir(), `depop-connect-pg-${process.pid}-${port}`);
  const data = join(directory, "data");
  if (existsSync(join(data, "postmaster.pid"))) {
    try {
      run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {
      // Not running any more: only its files are left.
    }
  }
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(directory, uid, gid);
  }
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  const cluster = clusterAt(directory, port);
  cluster.restart();
  return cluster;
}

/** The cluster a `startCluster` made in `directory` (perhaps in another process): to stop, start or remove it. */
export function clusterAt(directory: string, port: number): Cluster {
  const data = join(directory, "data");
  const serverOptions = [
    `-p ${port}`,
    `-k ${directory}`,
    "-c listen_addresses=127.0.0.1",
    // fsync off only matters if the machine itself crashes. synchronous_commit stays on: the outage tests stop the
    // server abruptly (-m immediate), and a commit acknowledged to the app must survive that, as in production.
    "-c fsync=off",
    "-c full_page_writes=off",
    "-c max_connections=200",
  ].join(" ");
  const url = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    directory,
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url("postgres") });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, "")}"`);
      } finally {
        await client.end();
      }
    },
    kill: () => run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]),
    restart: () => run("pg_ctl", ["-D", data, "-l", join(directory, "server.log"), "-o", serverOptions, "-w", "start"]),
    destroy() {
      try {
        run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
      } catch {
        // Already stopped.
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type Cluster, startCluster } from "../../test/postgres-cluster";

/** A child process the benchmark started, in its own process group so the whole group can be stopped. */
export type Child = {
  name: string;
  pid: number;
  process: ChildProcess;
  logFile: string;
  exited: Promise<number | null>;
  hasExited: () => boolean;
};

const running = new Set<Child>();

function killGroup(child: Child, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

// Last resort: whatever still runs when this process exits (crash, process.exit) is killed outright.
process.on("exit", () => {
  for (const child of running) killGroup(child, "SIGKILL");
});

/** Starts a child with stdout and stderr going to `logFile` (the bench output stays readable). */
export function start(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  logFile: string,
): Child {
  const fd = openSync(logFile, "a");
  const proc = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", fd, fd],
    detached: true,
  });
  closeSync(fd);
  if (proc.pid === undefined) throw new Error(`${name} could not be started (${command})`);
  let done = false;
  const exited = new Promise<number | null>((resolve) => {
    proc.once("exit", (code) => {
      done = true;
      running.delete(child);
      resolve(code);
    });
    proc.once("error", () => {
      done = true;
      running.delete(child);
      resolve(null);
    });
  });
  const child: Child = { name, pid: proc.pid, process: proc, logFile, exited, hasExited: () => done };
  running.add(child);
  return child;
}

/** Stops one child group: SIGTERM, then SIGKILL after `graceMs`. */
export async function stop(child: Child, graceMs = 5000): Promise<void> {
  if (child.hasExited()) return;
  killGroup(child, "SIGTERM");
  const outcome = await Promise.race([child.exited.then(() => "exited" as const), sleep(graceMs, "timeout" as const)]);
  if (outcome === "timeout") {
    killGroup(child, "SIGKILL");
    await Promise.race([child.exited, sleep(2000)]);
  }
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => stop(child)));
  for (const cluster of clusters.splice(0)) cluster.destroy();
}

const clusters: Cluster[] = [];

/**
 * A throwaway PostgreSQL cluster in the temp folder with one empty database, both called `name`: its URL.
 * stopAll() deletes it, after the processes that use it have stopped.
 */
export async function throwawayPostgres(name: string): Promise<string> {
  const cluster = await startCluster({ directory: join(tmpdir(), `depop-connect-${name}`) });
  clusters.push(cluster);
  const database = name.replace(/\W/g, "_");
  await cluster.createDatabase(database);
  return cluster.url(database);
}

export function logTail(logFile: string, lines = 30): string {
  if (!existsSync(logFile)) return "";
  return readFileSync(logFile, "utf8").split("\n").slice(-lines).join("\n");
}

/** Runs a command to completion; a non-zero exit (or a timeout) throws with the end of its log. */
export async function run(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  logFile: string,
  timeoutMs: number,
): Promise<void> {
  const child = start(name, command, args, env, logFile);
  const outcome = await Promise.race([child.exited, sleep(timeoutMs, "timeout" as const)]);
  if (outcome === "timeout") {
    await stop(child);
    throw new Error(`${name} took longer than ${timeoutMs / 1000}s; end of ${logFile}:\n${logTail(logFile)}`);
  }
  if (outcome !== 0) throw new Error(`${name} failed (exit ${outcome}); end of ${logFile}:\n${logTail(logFile)}`);
}

/** Waits until `url` answers at all (any status), failing early if the child dies. */
export async function waitForHttp(url: string, child: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.hasExited()) {
      throw new Error(`${child.name} exited before answering; end of ${child.logFile}:\n${logTail(child.logFile)}`);
    }
    try {
      const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      return;
    } catch {
      await sleep(200);
    }
  }
  throw new Error(`${child.name} did not answer ${url} within ${timeoutMs / 1000}s; see ${child.logFile}`);
}

/**
 * Waits until `child`'s log has `count` lines matching `pattern` (each worker's "Ready in"), without sending it a
 * request: the server has then served nothing yet.
 */
export async function waitForLog(child: Child, pattern: RegExp, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.hasExited()) throw new Error(`${child.name} exited; end of ${child.logFile}:\n${logTail(child.logFile)}`);
    const lines = existsSync(child.logFile) ? readFileSync(child.logFile, "utf8").split("\n") : [];
    if (lines.filter((line) => pattern.test(line)).length >= count) return;
    await sleep(50);
  }
  throw new Error(`${child.name} did not log ${count}× ${pattern} within ${timeoutMs / 1000}s; see ${child.logFile}`);
}

/** Fails with a clear message when something else (a previous run, another server) holds a port we need. */
export async function assertPortFree(host: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once("error", () => reject(new Error(`port ${port} on ${host} is in use; stop whatever holds it`)));
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** A process and all its descendants (a server started by `npm start` runs its workers as children). */
export function processTree(pid: number): number[] {
  const found = [pid];
  for (let i = 0; i < found.length; i++) {
    const parent = found[i];
    try {
      for (const task of readdirSync(`/proc/${parent}/task`)) {
        const children = readFileSync(`/proc/${parent}/task/${task}/children`, "utf8").trim();
        if (children) found.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // Gone, or not Linux.
    }
  }
  return found;
}

/** Summed over a process tree: RSS in kB, or CPU ms (null when nothing could be read). */
export function treeRssKb(pid: number): number | null {
  return sumOver(processTree(pid), rssKb);
}
export function treeCpuMs(pid: number): number | null {
  return sumOver(processTree(pid), cpuMs);
}
function sumOver(pids: number[], read: (pid: number) => number | null): number | null {
  const values = pids.map(read).filter((value): value is number => value !== null);
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0);
}

/** Resident set size of one process, from /proc/<pid>/status, in kB (null when unavailable). */
export function rssKb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match?.[1] ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * CPU time (user + system, ms) of every thread of a process tree so far, by "<pid> main" or "<pid> <thread name>
 * <tid>" (Node 20 names most of its threads "node": V8's pool and libuv's alike), from /proc/<pid>/task/<tid>/stat.
 */
export function threadCpuMs(pid: number): Map<string, number> {
  const byThread = new Map<string, number>();
  for (const member of processTree(pid)) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${member}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      const ms = cpuMs(`${member}/task/${task}`);
      let name = "?";
      try {
        name = readFileSync(`/proc/${member}/task/${task}/comm`, "utf8").trim();
      } catch {
        // Gone.
      }
      if (ms === null) continue;
      const key = `${member} ${task === String(member) ? "main" : `${name} ${task}`}`;
      byThread.set(key, (byThread.get(key) ?? 0) + ms);
    }
  }
  return byThread;
}

let clockTicks: number | undefined;

/**
 * CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat (null when unavailable); one
 * thread's with "<pid>/task/<tid>".
 */
export function cpuMs(pid: number | string): number | null {
  try {
    clockTicks ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after "(comm)": state is field 3, utime field 14, stime field 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / clockTicks : null;
  } catch {
    return null;
  }
}

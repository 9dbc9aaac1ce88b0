import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { BENCH } from "./config";
import { http } from "./http";

export type RouteJs = { route: string; files: string[]; rawBytes: number; gzipBytes: number };

/** Every JS file a page's HTML loads or preloads from /_next/static/. */
export function scriptPaths(html: string): string[] {
  const found = new Set<string>();
  for (const tag of html.match(/<(?:script|link)\b[^>]*>/g) ?? []) {
    const url = /\s(?:src|href)="([^"]+)"/.exec(tag)?.[1]?.replaceAll("&amp;", "&");
    if (!url) continue;
    const path = url.split("?")[0] ?? "";
    if (path.startsWith("/_next/static/") && path.endsWith(".js")) found.add(path);
  }
  return [...found].sort();
}

async function fileBytes(path: string): Promise<Buffer> {
  // The build output itself; over HTTP only if the file is not where the build put it.
  const onDisk = join(BENCH.distDir, "static", decodeURIComponent(path.slice("/_next/static/".length)));
  if (existsSync(onDisk)) return readFileSync(onDisk);
  const response = await fetch(`${BENCH.appDirectUrl}${path}`);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** The JS a route loads (from its server-rendered HTML), raw and gzip-compressed file by file (zlib level 6). */
export async function routeJs(route: string, path: string, cookie?: string): Promise<RouteJs> {
  const page = await http(`${BENCH.appDirectUrl}${path}`, cookie ? { headers: { cookie } } : {});
  if (page.status !== 200 && page.status !== 404) throw new Error(`${path}: HTTP ${page.status}`);
  const files = scriptPaths(page.body);
  if (files.length === 0) throw new Error(`${path}: no scripts found in the HTML`);
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const bytes = await fileBytes(file);
    rawBytes += bytes.length;
    gzipBytes += gzipSync(bytes, { level: 6 }).length;
  }
  return { route, files, rawBytes, gzipBytes };
}

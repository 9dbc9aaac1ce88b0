// @ts-check

// This app sends nothing anywhere it was not told to: no framework telemetry (and no notice about it on every build).
process.env.NEXT_TELEMETRY_DISABLED = "1";

/** @type {import("next").NextConfig} */
const nextConfig = {
  // The benchmark builds into its own folder so it never races the e2e build.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // On by default; HTTP_COMPRESSION=off when a proxy in front already compresses (gzip is CPU the app can save).
  // `npm start` compresses in its own process instead (scripts/gzip.mjs) and says so with DEPOP_CONNECT_LAUNCHER_GZIP.
  compress: process.env.HTTP_COMPRESSION !== "off" && process.env.DEPOP_CONNECT_LAUNCHER_GZIP !== "1",
  reactStrictMode: true,
  // Native and server-only packages stay out of the bundle and load from node_modules at run time.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg"],
  productionBrowserSourceMaps: false,
  // The app shows Depop's pictures as they are and never uses next/image: no optimiser route that fetches URLs.
  images: { unoptimized: true },
  // The callback URL carries a one-time code and state: keep it out of the dev server's request log.
  logging: { incomingRequests: { ignore: [/\/api\/depop\/callback/] } },
  typescript: { ignoreBuildErrors: false },
};

module.exports = nextConfig;

import { defineConfig } from "vitest/config";

// The page is served from any folder (base './'); the worker is an ES
// module. The wasm package lives in ./pkg (built by scripts/build-web) and the
// model and samples in ./public (copied by scripts/build-web). A missing
// file is a 404 (appType "mpa"), not the page again.
export default defineConfig({
  base: "./",
  appType: "mpa",
  build: { target: "es2022" },
  worker: { format: "es" },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
  test: { include: ["test/**/*.test.ts"], environment: "node" },
});

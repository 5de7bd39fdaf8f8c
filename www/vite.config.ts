import { defineConfig } from "vitest/config";

// The page is served from any folder (base './'); the worker is an ES
// module. The wasm package lives in ./pkg (built by wasm-pack) and the
// model and samples in ./public (copied by scripts/build-web).
export default defineConfig({
  base: "./",
  build: { target: "es2022" },
  worker: { format: "es" },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
  test: { include: ["test/**/*.test.ts"], environment: "node" },
});

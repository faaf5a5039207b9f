// Builds the package with esbuild: one ES module (hls.js inside), a script-tag (IIFE) build, the
// type declarations (tsc), and with --tests the unit tests as plain ES modules for node --test.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";

const tests = process.argv.includes("--tests");
const common = { bundle: true, target: "es2020", legalComments: "linked", logLevel: "warning" };

if (tests) {
  rmSync("build/test", { recursive: true, force: true });
  const entries = readdirSync("test/unit").filter((f) => f.endsWith(".test.ts"));
  await build({
    ...common,
    entryPoints: entries.map((f) => "test/unit/" + f),
    outdir: "build/test",
    format: "esm",
    platform: "node",
    outExtension: { ".js": ".mjs" },
    packages: "external",
  });
} else {
  rmSync("dist", { recursive: true, force: true });
  // hls.js in its own chunk, imported when needed: the element (a few kB) is defined and starts
  // the opener before hls.js has even downloaded.
  await build({ ...common, entryPoints: { "rend-player": "src/index.ts" }, outdir: "dist", splitting: true, chunkNames: "rend-player-[name]-[hash]", format: "esm", minify: true, sourcemap: true });
  await build({ ...common, entryPoints: ["src/index.ts"], outfile: "dist/rend-player.iife.js", format: "iife", globalName: "RendPlayer", minify: true, sourcemap: true });
  execFileSync("npx", ["tsc", "-p", "."], { stdio: "inherit" });
}

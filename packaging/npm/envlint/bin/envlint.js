#!/usr/bin/env node
// Runs the envlint binary of this platform, which npm installed from one of the
// `optionalDependencies` (each declares its `os`, `cpu` and `libc`, so npm installs only
// the one that fits). `ENVLINT_BINARY` names another binary to run instead.
"use strict";

const { spawnSync } = require("node:child_process");
const path = require("node:path");

const PACKAGES = {
  "linux-x64-gnu": "@envlint/linux-x64-gnu",
  "linux-arm64-gnu": "@envlint/linux-arm64-gnu",
  "darwin-x64": "@envlint/darwin-x64",
  "darwin-arm64": "@envlint/darwin-arm64",
  "win32-x64": "@envlint/win32-x64",
};

function platformKey() {
  let key = `${process.platform}-${process.arch}`;
  if (process.platform === "linux") {
    // Node reports the glibc it runs on; none means musl.
    const report = process.report && process.report.getReport();
    const glibc = report && report.header && report.header.glibcVersionRuntime;
    key += glibc ? "-gnu" : "-musl";
  }
  return key;
}

function binary() {
  if (process.env.ENVLINT_BINARY) {
    return process.env.ENVLINT_BINARY;
  }
  const key = platformKey();
  const pkg = PACKAGES[key];
  if (!pkg) {
    throw new Error(
      `envlint has no prebuilt binary for ${key}; install it with cargo: cargo install --locked --git https://github.com/omniroute/envlint envlint`
    );
  }
  let manifest;
  try {
    manifest = require.resolve(`${pkg}/package.json`);
  } catch {
    throw new Error(
      `envlint's binary package ${pkg} is not installed (optional dependencies skipped?); reinstall envlint without --no-optional`
    );
  }
  const exe = process.platform === "win32" ? "envlint.exe" : "envlint";
  return path.join(path.dirname(manifest), "bin", exe);
}

let exe;
try {
  exe = binary();
} catch (e) {
  process.stderr.write(`envlint: ${e.message}\n`);
  process.exit(2);
}
const run = spawnSync(exe, process.argv.slice(2), { stdio: "inherit" });
if (run.error) {
  process.stderr.write(`envlint: cannot run ${exe}: ${run.error.message}\n`);
  process.exit(2);
}
if (run.signal) {
  process.kill(process.pid, run.signal);
}
process.exit(run.status === null ? 2 : run.status);

#!/usr/bin/env node
// Adds the platform packages that package-lock.json lacks, so that `npm ci` accepts the lock.
//
// Why: the npm registry these machines reach serves only the linux-x64 builds of packages that
// ship one optional package per platform (biome, next's swc, node-llama-cpp, esbuild, …). npm
// then writes a lock without the other platforms, and `npm ci` refuses it ("Missing: … from
// lock file"). Each missing package gets an entry with its version and the os/cpu/libc its name
// says; npm skips a package whose platform does not match, and elsewhere fetches it by version.
// Run after every `npm install` that changes dependencies (npm runs it as `postinstall`).
// It also narrows node-llama-cpp's arm builds to their own CPU (see below).
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const packages = lock.packages;

const OS = [
  [/(^|[-_])(darwin|mac|macos)([-_]|$)/, "darwin"],
  [/(^|[-_])(win32|win|windows)([-_]|$)/, "win32"],
  [/(^|[-_])linux([-_]|$)/, "linux"],
  [/(^|[-_])android([-_]|$)/, "android"],
  [/(^|[-_])freebsd([-_]|$)/, "freebsd"],
  [/(^|[-_])openbsd([-_]|$)/, "openbsd"],
  [/(^|[-_])netbsd([-_]|$)/, "netbsd"],
  [/(^|[-_])sunos([-_]|$)/, "sunos"],
  [/(^|[-_])aix([-_]|$)/, "aix"],
  [/(^|[-_])openharmony([-_]|$)/, "openharmony"],
];
const CPU = [
  [/(^|[-_])(x64|x86_64|amd64)([-_]|$)/, "x64"],
  [/(^|[-_])(arm64|aarch64)([-_]|$)/, "arm64"],
  [/(^|[-_])(arm|armv7l|armv7|arm-eabi|armeabi)([-_]|$)/, "arm"],
  [/(^|[-_])(ia32|x86)([-_]|$)/, "ia32"],
  [/(^|[-_])ppc64(le)?([-_]|$)/, "ppc64"],
  [/(^|[-_])riscv64([-_]|$)/, "riscv64"],
  [/(^|[-_])s390x([-_]|$)/, "s390x"],
  [/(^|[-_])loong64([-_]|$)/, "loong64"],
  [/(^|[-_])mips64el([-_]|$)/, "mips64el"],
  [/(^|[-_])wasm32([-_]|$)/, "wasm32"],
];

function platformOf(name) {
  const base = name.split("/").pop();
  const os = OS.find(([pattern]) => pattern.test(base))?.[1];
  const cpu = CPU.find(([pattern]) => pattern.test(base))?.[1];
  const libc = /musl/.test(base) ? "musl" : /gnu|glibc/.test(base) ? "glibc" : undefined;
  return { os, cpu, libc };
}

let added = 0;
const unknown = [];
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    // npm looks for a dependency next to its dependent first, then up the tree.
    const nested = `${location ? `${location}/` : ""}node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[nested] || packages[hoisted]) continue;
    const { os, cpu, libc } = platformOf(name);
    if (!os && !cpu) {
      unknown.push(name);
      continue;
    }
    packages[hoisted] = {
      version: version.replace(/^[\^~=]/, ""),
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...(os ? { os: [os] } : {}),
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(libc ? { libc: [libc] } : {}),
    };
    added++;
  }
}

// node-llama-cpp's arm builds declare `"cpu": ["arm64", "x64"]` / `["arm", "x64"]` in their own
// package.json, so npm installs them on x64 too (33 MB that cannot run there). The lock entry of
// such a build keeps only the CPU its name says; npm then skips it on other machines.
let narrowed = 0;
for (const [location, entry] of Object.entries(packages)) {
  if (!location.startsWith("node_modules/@node-llama-cpp/") || !Array.isArray(entry.cpu)) continue;
  const { cpu } = platformOf(location);
  if (cpu && (entry.cpu.length !== 1 || entry.cpu[0] !== cpu)) {
    entry.cpu = [cpu];
    narrowed++;
  }
}

lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
if (added) console.log(`complete-lockfile: added ${added} platform packages to package-lock.json`);
if (narrowed)
  console.log(`complete-lockfile: ${narrowed} node-llama-cpp builds keep only their own CPU`);
if (unknown.length) {
  console.warn(`complete-lockfile: no platform in the name of: ${unknown.join(", ")}`);
}

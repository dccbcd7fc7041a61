/**
 * Bundles the display and the console into static assets with esbuild: one module script and its
 * page per side, written to dist/display and dist/console, which the server serves.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_DIST_DIR = path.join(REPO_ROOT, 'dist');

const SIDES = ['display', 'console'] as const;
const SOURCE_DIRS = ['display', 'console', 'shared'];
const STAMP = '.build-stamp';

function newestSourceMtime(): number {
  let newest = 0;
  const visit = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) visit(path.join(REPO_ROOT, dir));
  return newest;
}

/** Check whether the assets are missing or older than their sources. */
export function isBuildStale(distDir = DEFAULT_DIST_DIR): boolean {
  const stamp = path.join(distDir, STAMP);
  if (!fs.existsSync(stamp)) return true;
  return newestSourceMtime() > fs.statSync(stamp).mtimeMs;
}

/**
 * Write a file under a temporary name and rename it into place, so a server or a second build
 * running at the same time never reads a half-written asset.
 */
function writeAtomically(file: string, contents: Uint8Array | string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, contents);
  fs.renameSync(temporary, file);
}

async function bundle(options: esbuild.BuildOptions): Promise<void> {
  const result = await esbuild.build({
    ...options,
    write: false,
    bundle: true,
    target: 'es2022',
    minify: true,
    logLevel: 'warning',
  });
  for (const output of result.outputFiles) writeAtomically(output.path, output.contents);
}

export async function buildAssets(distDir = DEFAULT_DIST_DIR): Promise<void> {
  for (const side of SIDES) {
    const outDir = path.join(distDir, side);
    fs.mkdirSync(outDir, { recursive: true });
    await bundle({
      entryPoints: [path.join(REPO_ROOT, side, 'main.ts')],
      outfile: path.join(outDir, 'app.js'),
      format: 'esm',
      sourcemap: true,
      legalComments: 'linked',
    });
    if (side === 'display') {
      // The service worker is a classic script: its scope is /display/, where it is served.
      await bundle({
        entryPoints: [path.join(REPO_ROOT, 'display', 'sw.ts')],
        outfile: path.join(outDir, 'sw.js'),
        format: 'iife',
      });
    }
    for (const file of fs.readdirSync(path.join(REPO_ROOT, side))) {
      if (/\.(html|css|svg|webmanifest)$/.test(file)) {
        writeAtomically(path.join(outDir, file), fs.readFileSync(path.join(REPO_ROOT, side, file)));
      }
    }
  }
  writeAtomically(path.join(distDir, STAMP), new Date().toISOString());
}

/** Build the assets when they are missing or stale; returns whether it built. */
export async function ensureAssets(distDir = DEFAULT_DIST_DIR): Promise<boolean> {
  if (!isBuildStale(distDir)) return false;
  await buildAssets(distDir);
  return true;
}

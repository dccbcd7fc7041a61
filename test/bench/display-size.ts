/**
 * Scenario 5 (part): the display bundle's gzip size after `gongkai build`, and which modules
 * dominate it, from esbuild's metafile of the same entry point and options.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import * as esbuild from 'esbuild';
import { buildAssets } from '../../server/build.ts';
import { log, REPO_ROOT, round, verdict } from './lib.ts';

const TARGET_BYTES = 40 * 1024;

export async function benchDisplaySize() {
  log('\n## Scenario 5: display bundle size');
  await buildAssets();
  const bundle = fs.readFileSync(path.join(REPO_ROOT, 'dist', 'display', 'app.js'));
  const gzipped = zlib.gzipSync(bundle, { level: 9 }).length;
  log(
    `dist/display/app.js: ${round(bundle.length / 1024)} KiB minified, ${round(gzipped / 1024)} KiB ` +
      `gzip -9 (target <= 40 KiB: ${verdict(gzipped <= TARGET_BYTES)})`,
  );

  const result = await esbuild.build({
    entryPoints: [path.join(REPO_ROOT, 'display', 'main.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    minify: true,
    metafile: true,
    outdir: path.join(REPO_ROOT, 'dist', 'bench-metafile'),
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs).find((out) => out.entryPoint)!;
  const byPackage = new Map<string, number>();
  for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    const key = match ? match[1]! : file.split('/')[0]!;
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
  }
  const rows = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 6);
  log(
    `minified bytes by source (metafile): ` +
      rows.map(([key, bytes]) => `${key} ${round(bytes / 1024)} KiB`).join(', '),
  );
  return { gzipped, rows };
}

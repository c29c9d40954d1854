/**
 * Built size of each front end: `vite build`, then for each page the files its
 * index.html loads (entry script, modulepreloaded chunks, stylesheets) —
 * shared chunks count for every page that loads them — raw and gzip
 * (zlib level 9, as a server with static gzip would send them).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleRow {
  page: string;
  files: number;
  jsBytes: number;
  jsGzip: number;
  cssGzip: number;
  /** HTML + JS + CSS, gzip: what a device downloads on a cold start. */
  totalGzip: number;
}

const PAGES = ['kiosk', 'display', 'window-panel'];

export function benchBundles(webRoot = 'dist/web', build = true): BundleRow[] {
  if (build) execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  const gz = (buf: Buffer) => gzipSync(buf, { level: 9 }).length;
  return PAGES.map((page) => {
    const html = readFileSync(join(webRoot, page, 'index.html'));
    const refs = [...html.toString().matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    let jsBytes = 0;
    let jsGzip = 0;
    let cssGzip = 0;
    for (const ref of new Set(refs)) {
      const buf = readFileSync(join(webRoot, ref));
      if (ref.endsWith('.js')) {
        jsBytes += buf.length;
        jsGzip += gz(buf);
      } else if (ref.endsWith('.css')) cssGzip += gz(buf);
    }
    return { page, files: new Set(refs).size, jsBytes, jsGzip, cssGzip, totalGzip: gz(html) + jsGzip + cssGzip };
  });
}

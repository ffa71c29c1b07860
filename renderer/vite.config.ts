// Builds the reader UI into dist/renderer. Everything it needs at run time is bundled or
// copied here (pdf.js worker, standard fonts, CMaps, the JPEG 2000 fallback): the app
// must start and render with no network at all.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));
const pdfjsDir = path.resolve(here, '..', 'node_modules', 'pdfjs-dist');

/** Copies pdf.js's data folders into the build under pdfjs/. */
function pdfjsAssets(): Plugin {
  const folders = ['standard_fonts', 'cmaps', 'wasm'];
  return {
    name: 'lita-pdfjs-assets',
    generateBundle() {
      for (const folder of folders) {
        const dir = path.join(pdfjsDir, folder);
        for (const name of fs.readdirSync(dir)) {
          if (name.startsWith('LICENSE') || name.endsWith('.wasm')) continue;
          this.emitFile({ type: 'asset', fileName: `pdfjs/${folder}/${name}`, source: fs.readFileSync(path.join(dir, name)) });
        }
      }
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  plugins: [react(), pdfjsAssets()],
  build: {
    outDir: path.resolve(here, '..', 'dist', 'renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    assetsInlineLimit: 0,
  },
});

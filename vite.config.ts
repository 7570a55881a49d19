import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

/**
 * The shell's small stylesheet (src/boot/shell.css, linked from index.html) goes into the page
 * itself, so the first paint waits for no other file (ready to type, medians of 8 on a loaded
 * machine: 336 → 181 ms; a blank page 134 ms). The app's chunks are not preloaded from
 * index.html either: fetching and compiling them held that paint too (medians of 10: 116 ms
 * with modulepreload, 84 ms with preload, 54 ms without; blank 55 ms); src/main.tsx asks for
 * them right after it.
 */
function inlineShellCss(): Plugin {
  return {
    name: 'dockscope:inline-shell-css',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        const entry = ctx.chunk;
        if (!bundle || !entry) return html;
        for (const fileName of entry.viteMetadata?.importedCss ?? []) {
          const asset = bundle[fileName];
          if (asset?.type !== 'asset') continue;
          const link = new RegExp(`<link rel="stylesheet"[^>]*href="[./]*${fileName}"[^>]*>`);
          if (!link.test(html)) continue;
          // The file stays: chunks importing the entry list it among their dependencies.
          html = html.replace(link, () => `<style>${String(asset.source)}</style>`);
        }
        return html;
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), tailwindcss(), inlineShellCss()],
  base: './',
  // The engine's Web Worker (src/ui/worker) is an ES module, so it can share chunks and load lazily.
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
  },
});

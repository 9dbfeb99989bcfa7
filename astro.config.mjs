// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import react from '@astrojs/react';

// Public pages are prerendered (the default for `output: 'static'`); training,
// account and officer routes opt in to on-demand rendering with `prerender = false`.
export default defineConfig({
  site: process.env.PUBLIC_BASE_URL ?? 'http://localhost:4321',
  output: 'static',
  // `middleware`: the adapter's handler renders routes only; src/cli/serve.ts serves the built files from an index
  // made at start, so the standalone handler's two file-system look-ups before every on-demand page are not paid.
  adapter: node({ mode: 'middleware' }),
  integrations: [react()],
  trailingSlash: 'ignore',
  build: { inlineStylesheets: 'never', format: 'directory' },
  // Our own middleware checks Origin on every non-GET request, not only form posts.
  security: { checkOrigin: false },
  devToolbar: { enabled: false },
  vite: {
    ssr: { external: ['better-sqlite3', 'pdfkit', '@node-rs/argon2', 'nodemailer', 'qrcode'] },
  },
});

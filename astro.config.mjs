// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import react from '@astrojs/react';

// Public pages are prerendered (the default for `output: 'static'`); training,
// account and officer routes opt in to on-demand rendering with `prerender = false`.
export default defineConfig({
  site: process.env.PUBLIC_BASE_URL ?? 'http://localhost:4321',
  output: 'static',
  adapter: node({ mode: 'standalone' }),
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

/**
 * `npm start`, first step: builds the site and the compiled server if the sources are newer than the
 * last build (unless SKIP_BUILD=1). The second step, `node dist/cli/start.mjs`, then serves without
 * tsx: under tsx's loader every `import()` Astro makes while answering a request is a round trip to
 * the loader's thread (docs/benchmarks/signed-in-pages.md).
 */
import { skipBuild } from '../lib/config.ts';
import { buildIfNeeded } from './build.ts';

if (!skipBuild()) buildIfNeeded();

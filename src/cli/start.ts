/**
 * `npm start`: builds if the sources are newer than the last build, applies
 * migrations, then serves on HOST:PORT (default 127.0.0.1:4321).
 */
import { startPortal } from './portal.ts';

const url = await startPortal();
console.log(`Serving on ${url}`);

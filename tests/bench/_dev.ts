import { writeFileSync } from 'node:fs';
import { DRIVER, OFFICER, demoDatabase, signIn, startServer } from './support/server.ts';
const bench = await demoDatabase();
const server = await startServer(bench.path, 4652);
const driver = await signIn(server.url, DRIVER.email, DRIVER.password);
const officer = await signIn(server.url, OFFICER.email, OFFICER.password);
writeFileSync('/tmp/perf/dev.env', `URL=${server.url}\nDRIVER='${driver}'\nOFFICER='${officer}'\nDB=${bench.path}\n`);
console.log('ready', server.child.pid);
await new Promise(() => {});

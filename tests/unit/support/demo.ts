/**
 * The demo data on an in-memory database, as the unit tests seed it: three modules, the real question bank,
 * the two demo accounts, and a stand-in for the slow password hash.
 */
import { memoryDb, type Db } from '../../../db/client.ts';
import { readQuestionBank } from '../../../src/lib/content/course-files.ts';
import { seedDemo } from '../../../src/lib/demo/seed.ts';

/** The module slugs the test demo records progress against. */
export const TEST_DEMO_MODULES = ['what-cse-is', 'how-grooming-works', 'warning-signs'];

/** A migrated in-memory database holding the demo seeded with 2016 as on `today`. */
export async function seededDemoDb(today: string): Promise<Db> {
  const db = memoryDb();
  await seedDemo(db, {
    seed: 2016,
    today,
    moduleSlugs: TEST_DEMO_MODULES,
    questions: readQuestionBank(),
    driver: { email: 'driver@example.org', password: 'driver-password-long' },
    officer: { email: 'officer@example.org', password: 'officer-password-long' },
    hashPassword: async (p) => `hashed:${p.length}`,
  });
  return db;
}

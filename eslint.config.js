// Lean lint: the recommended JS/TS/Astro rules, plus the architecture rules from the
// README's house rules, so a branch that breaks a layer boundary fails `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';
import globals from 'globals';

/** Import patterns that reach into the database layer (`db/`) from anywhere under src/. */
const DB = ['**/db/*', '**/db/**'];
/** Import patterns for the UI layers that src/lib must not depend on. */
const UI = ['**/pages/**', '**/components/**', '**/layouts/**', '*.astro', '**/*.astro'];

/**
 * `no-restricted-imports` with one message per group; flat config replaces the whole rule per
 * matching block, so each layer states every pattern it forbids.
 */
function forbid(...groups) {
  return ['error', { patterns: groups.map(([group, message]) => ({ group, message })) }];
}

export default tseslint.config(
  { ignores: ['dist/', '.astro/', 'node_modules/', 'data/', 'test-results/', 'playwright-report/', 'content/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // pdfkit's types are extended by declaration merging, which needs a namespace.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
      // Stripping control characters from file names, CSV cells and e-mail input is deliberate.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['public/**/*.js'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'script' },
  },
  {
    files: ['src/pages/**', 'src/components/**', 'src/layouts/**', 'src/middleware.ts'],
    rules: {
      'no-restricted-imports': forbid([DB, 'Pages and components reach the database through src/lib, never db/.']),
    },
  },
  {
    files: ['src/lib/**'],
    rules: {
      'no-restricted-imports': forbid(
        [UI, 'src/lib never imports pages, components or layouts.'],
        [['astro:*'], 'src/lib stays free of astro:* so it runs outside Astro (only the content loaders may).'],
      ),
    },
  },
  {
    // The content loader: the one src/lib module that reads Astro's content layer.
    files: ['src/lib/training/course.ts'],
    rules: {
      'no-restricted-imports': forbid([UI, 'src/lib never imports pages, components or layouts.']),
    },
  },
  {
    files: ['db/**'],
    rules: {
      'no-restricted-imports': forbid([['**/src/**', 'astro:*'], 'db/ imports nothing from src: src/lib owns it.']),
    },
  },
);

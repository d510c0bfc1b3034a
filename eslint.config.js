// Lint for the whole repository. Besides the usual checks it holds the walls between layers
// (DESIGN.md, "Dependency direction"), so they stand by rule rather than by goodwill:
//   src/domain    pure TypeScript and zod: imports nothing else, reads no clock and no randomness
//   src/data, src/sync, src/search   adapters: never import the app shell or a screen
//   src/features  one folder per screen: never imports another screen (shared state lives in src/app)
//   sw/           the service worker: never imports React, the shell or a screen
// tests/unit/lint-walls.test.ts shows each wall refusing a deliberate breach.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';

const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** The clock and randomness, which domain code is handed (`now`, ids) instead of reading. */
const impure = {
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'Domain code is pure: take `now` as an argument.' },
    { object: 'Math', property: 'random', message: 'Domain code is pure: take ids and random values as arguments.' },
    {
      object: 'globalThis',
      property: 'crypto',
      message: 'Domain code is pure: hashing and ids belong to an adapter (src/data).',
    },
    { object: 'performance', property: 'now', message: 'Domain code is pure: take times as arguments.' },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'crypto', message: 'Domain code is pure: hashing and ids belong to an adapter (src/data).' },
    { name: 'fetch', message: 'Domain code is pure: the network belongs to src/sync.' },
    { name: 'indexedDB', message: 'Domain code is pure: storage belongs to src/data.' },
    { name: 'localStorage', message: 'Domain code is pure: storage belongs to src/data.' },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "NewExpression[callee.name='Date'][arguments.length=0]",
      message: 'Domain code is pure: `new Date()` reads the clock; take `now` as an argument.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.tmp/**',
      'tests/artifacts/**',
      'public/data/**',
      '**/*.d.ts',
      'src/sync/database.types.ts',
      // Edge Function entry points run in Deno: `npm run check:functions` (deno check) types them.
      'supabase/functions/*/index.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })] },
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // A promise nobody awaits swallows its failure (a lost write), and so does `void promise`:
      // await it, or end it with a .catch that says what failed.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            {
              target: './src/domain',
              from: './src',
              except: ['./domain'],
              message: 'src/domain is pure: it imports only zod and itself.',
            },
            {
              target: ['./src/data', './src/sync', './src/search'],
              from: ['./src/app', './src/features'],
              message: 'Adapters never import the app shell or a screen: pass what they need in.',
            },
            ...features.map((feature) => ({
              target: `./src/features/${feature}`,
              from: './src/features',
              except: [`./${feature}`],
              message:
                'A screen never imports another screen: move what both need to src/app (shared stores, actions) or src/domain.',
            })),
            {
              target: './sw',
              from: ['./src/app', './src/features'],
              message: 'The service worker never imports the shell or a screen.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      ...impure,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod(/mini)?$)(?![./])',
              message: 'src/domain imports only zod and itself (no node:, uuid, React, Dexie or network).',
            },
          ],
        },
      ],
    },
  },
  {
    // The domain's tests may use the test tools too.
    files: ['src/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|vitest$|fast-check$)(?![./])',
              message: 'Domain tests import zod, vitest, fast-check and the domain.',
            },
          ],
        },
      ],
    },
  },
  {
    // Stores are app state: shared ones live in src/app, never in an adapter or the worker.
    files: ['src/data/**/*.ts', 'src/sync/**/*.ts', 'src/search/**/*.ts', 'sw/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'zustand', message: 'Stores live in src/app (shared) or in the one screen that uses them.' },
            { name: 'react', message: 'Adapters and the worker never import React.' },
          ],
        },
      ],
    },
  },
  {
    // Tests and benchmarks: vitest's asymmetric matchers (expect.any, expect.stringMatching) are
    // typed `any`, and fakes implement async interfaces without awaiting anything.
    files: ['**/*.test.{ts,tsx}', 'tests/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Node scripts and configs (this file): plain JavaScript, outside the TypeScript projects.
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
);

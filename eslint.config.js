// @ts-check
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.flatMap((name) => [name, `node:${name}`]);

export default tseslint.config(
  { ignores: ['node_modules/', 'var/', 'dist/', 'coverage/'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Workflows run in Temporal's deterministic sandbox: no I/O, no Node built-ins, no clocks of their own.
    // They import @temporalio/workflow, the pure modules of lib/, and only the types of activities.
    files: ['workflows/**/*.ts', 'lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, 'knex', 'sqlite3', 'handlebars', 'puppeteer', 'nodemailer', 'zod'].map(
            (name) => ({
              name,
              message: 'Workflows and lib/ stay deterministic: do I/O in an activity.',
            }),
          ),
          patterns: [
            {
              group: ['**/activities/**', '**/db/**', '**/worker/**', '**/cli/**'],
              allowTypeImports: true,
              message: 'Workflows may import only the types of activities, db, worker and cli.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() or condition() from @temporalio/workflow.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Deadlines take the time as an argument.' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

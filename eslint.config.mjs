import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      'lib/generated/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
      'data/**',
    ],
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Type-aware, but only the rules that need types: a promise nobody awaits
    // (a mutation whose failure vanishes, a test assertion that never runs).
    // The project service reuses one TypeScript program for every file, so
    // lint stays in seconds; everything else stays syntax-only.
    // Product code and tests (an un-awaited `expect(…).rejects` is a check
    // that cannot fail); not bench/ or config files.
    files: [
      'app/**/*.{ts,tsx}',
      'lib/**/*.ts',
      'components/**/*.tsx',
      'bin/**/*.ts',
      'scripts/**/*.ts',
      'tests/**/*.ts',
      'e2e/**/*.ts',
      'server.ts',
      'instrumentation.ts',
      'proxy.ts',
    ],
    ignores: ['lib/generated/**'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // Playwright fixtures call `use`, and test helpers are not React hooks.
    files: ['e2e/**/*.ts', 'tests/**/*.ts'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // Data flows app → lib → (db | ssh): lib never imports from app, and only lib touches the database.
    files: ['lib/**/*.ts', 'lib/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@/app/*', '../app/*', '../../app/*'], message: 'lib/ must not import from app/' }] },
      ],
    },
  },
  {
    files: ['app/**/*.ts', 'app/**/*.tsx', 'components/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/lib/generated/*', '@/lib/db', '@prisma/*'],
              message: 'Pages and actions reach the database through lib/<feature>, never Prisma directly.',
            },
          ],
        },
      ],
    },
  },
];

export default config;

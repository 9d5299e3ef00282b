// ESLint (flat config) with typescript-eslint's recommended rules, run by `npm run lint` in `npm test`'s typecheck
// step. Formatting is Prettier's job (.prettierrc.json), so no stylistic rules here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // What .gitignore keeps out (build output, test runs, a downloaded VS Code) is not linted either.
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      'test-results/**',
      '.vscode-test/**',
      '.lambda-stream-run/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // The details webview's script runs in the webview, a browser page.
    files: ['media/**/*.js'],
    languageOptions: { globals: { acquireVsCodeApi: 'readonly', document: 'readonly', window: 'readonly' } },
  },
  {
    // Sample and fixture handlers are user code run by the Local endpoint, in Lambda's Node runtime.
    files: ['src/emulator/samples/**', 'test/fixtures/**', 'bench/**/*.mjs'],
    languageOptions: { globals: { awslambda: 'readonly' } },
  },
  {
    // Fixture projects' handlers are CommonJS, as most real Lambda projects' .js files are.
    files: ['test/fixtures/projects/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', exports: 'writable', module: 'writable' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

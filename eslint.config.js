// Lint rules, including the architecture's import boundaries: sync/ is plain Node (no
// Electron), renderer/ is browser code (no Node, only types from sync/).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'node_modules/', 'coverage/', 'test-results/', 'demo/', 'build/native/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-control-regex': 'off',
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['sync/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'sync/ is plain Node: wire Electron in main/.' }] }],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'child_process', 'electron'], message: 'renderer/ runs in the browser sandbox.' },
            // gitignore-style: a folder excluded with /** cannot be re-included, so exclude sync/'s children.
            { group: ['**/sync/*', '!**/sync/api', '!**/sync/i18n'], message: 'renderer/ may use only sync/api and sync/i18n.' },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/*'],
    languageOptions: { sourceType: 'module' },
  },
);

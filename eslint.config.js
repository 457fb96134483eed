// Lint rules, including the house layering: src/shared is pure, only the Electron shell imports electron.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'stream', 'events', 'url', 'util', 'worker_threads', 'dgram', 'tls', 'zlib'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', 'playwright-report/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only src/main/electron and src/preload import electron.' }] }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'src/shared is pure: no effects.' }],
        patterns: [
          { group: nodeBuiltins, message: 'src/shared is pure: no Node APIs.' },
          { group: ['ssh2', 'node-pty', 'ws', 'react', 'react-dom', 'zustand', 'ag-grid-*'], message: 'src/shared is pure: no effects or UI.' },
          { group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'src/shared imports nothing from the other layers.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'setTimeout', 'setInterval', 'fetch', 'Buffer', 'require'],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks to main only through the contract.' }],
        patterns: [
          { group: nodeBuiltins, message: 'The renderer has no Node: talk to main through the contract.' },
          { group: ['ssh2', 'node-pty', 'ws'], message: 'The renderer talks to main only through the contract.' },
          { group: ['**/main/**', '**/preload/**'], message: 'The renderer talks to main only through the contract.' },
        ],
      }],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/ssh/ssh2.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'ssh2', message: 'Import ssh2 through src/main/ssh/ssh2.ts, which installs the legacy DH groups first.' },
          { name: 'electron', message: 'Only src/main/electron and src/preload import electron.' },
        ],
        patterns: [{ group: ['**/renderer/**'], message: 'main does not import the renderer.' }],
      }],
    },
  },
  {
    files: ['src/main/electron/**/*.ts', 'src/preload/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);

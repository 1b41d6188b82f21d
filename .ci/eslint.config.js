// ESLint flat config. Run as `eslint --config .ci/eslint.config.js .` (paths below are relative to the repo root).
// The layering rule is the point of this file (modelled on VS Code's layer checks):
//   src-shared   imports nothing of ours and nothing platform-specific (no node:, no electron, no DOM libs);
//   src-renderer never imports src-main code, node builtins or electron;
//   src-main     never imports src-renderer; only src-main/shell may import electron.
import tseslint from 'typescript-eslint';
import globals from 'globals';

const ours = (dir) => ({ regex: `(^|/)${dir}(/|$)`, message: `layering: ${dir} may not be imported here` });
const electron = { regex: '^electron(/|$)', message: 'layering: only src-main/shell may import electron' };
const nodeBuiltins = { regex: '^node:', message: 'layering: no Node builtins in this layer' };

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'release/**', 'bench/**', 'test-output/**', '**/*.d.ts'],
  },
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': [
        'error',
        { 'ts-ignore': true, 'ts-nocheck': true, 'ts-expect-error': 'allow-with-description' },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [ours('src-main'), ours('src-renderer'), electron, nodeBuiltins] },
      ],
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [ours('src-main'), electron, nodeBuiltins] }],
    },
  },
  {
    files: ['src-renderer/vite.config.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src-main/**'],
    ignores: ['src-main/shell/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [ours('src-renderer'), electron] }],
    },
  },
  {
    files: ['src-main/shell/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [ours('src-renderer')] }],
    },
  },
);

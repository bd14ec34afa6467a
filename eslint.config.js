import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'results/', 'reports/', 'baselines/', 'datasets/', '.slimbench-cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      // Registries and plug-in contracts default their settings type to `any` (`CompressionMethod<S = any>`)
      // so that one registry holds methods of different settings; zod checks the values at the edge.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // chai assertions end in properties (`expect(list).to.not.be.empty`), which read as unused expressions.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    // Scripts that run in the browser page of a report.
    files: ['harness/report/templates/**/*.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', vegaEmbed: 'readonly' } },
  },
);

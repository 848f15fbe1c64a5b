// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.data/', 'test/generated/', 'dashboard/generated/', 'bench/peer/'] },
  eslint.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Counts and ids in messages read naturally; objects and unions still have to be said explicitly.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // type-graphql object types are shapes described by decorators, not classes with behaviour: the hub
      // returns plain objects of those shapes from services, as type-graphql's own examples do.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // `_name` marks a parameter a signature requires but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // In a test a wrong assumption is a failed test either way; `!` after an expectation says so briefly.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'seeds/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node, sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
  prettier,
);

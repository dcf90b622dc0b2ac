// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.data/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      'libs/database/src/migrations/*-*.ts',
      '!bench/**/*.mjs',
      'bench/node_modules/**',
      // The SDK's build output, and its generated OpenAPI types (test/sdk/sdk-types.int-spec.ts keeps them current).
      'clients/miniprogram/miniprogram_dist/**',
      'clients/miniprogram/src/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false, arguments: false } }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      // No deep imports across libs: a lib's index.ts is its public API.
      'no-restricted-imports': [
        'error',
        {
          // The optional-field convention (libs/common validation/decorators.ts): null is refused unless clearable.
          paths: [
            {
              name: 'class-validator',
              importNames: ['IsOptional'],
              message: 'Use Optional() or Clearable() from @app/common (IsOptional lets null through).',
            },
            {
              name: '@nestjs/swagger',
              importNames: ['PartialType'],
              message: 'Use PartialDto() from @app/common (PartialType lets null through).',
            },
            {
              name: '@nestjs/mapped-types',
              importNames: ['PartialType'],
              message: 'Use PartialDto() from @app/common (PartialType lets null through).',
            },
            {
              name: '@nestjs/platform-fastify',
              importNames: ['RouteConfig'],
              message: 'Use AddRouteConfig() from @app/common (RouteConfig replaces the keys other decorators set).',
            },
          ],
          patterns: [
            {
              group: ['@app/*/*', '!@app/*/testing', '../../libs/*', '../../../libs/*'],
              message: 'Import a lib through its index (@app/<lib>); tests may import its test seams (@app/<lib>/testing).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'libs/testing/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The benchmark suite is plain ESM JavaScript run by Node (no build step, no type information).
    files: ['bench/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'module',
      globals: Object.fromEntries(
        [
          'process',
          'Buffer',
          'console',
          'fetch',
          'performance',
          'URL',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'structuredClone',
          'AbortController',
        ].map((g) => [g, 'readonly']),
      ),
    },
  },
  prettier,
);

import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import componentState from './eslint/componentState.js';

export default tseslint.config(
  { ignores: ['dist', 'dist-*', 'node_modules', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    // The engine stays an engine: it runs headless in Node and in the browser.
    files: ['src/sim/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'react/*', 'react-dom/*'],
              message: 'src/sim must not depend on React.',
            },
            {
              group: ['@xyflow/*', 'zustand', 'zustand/*', '@xterm/*'],
              message: 'src/sim must not depend on UI libraries.',
            },
            {
              group: ['**/ui/**', '../ui', '../../ui'],
              message: 'src/sim must not import src/ui.',
            },
            { group: ['node:*'], message: 'src/sim runs in the browser too: no Node built-ins.' },
          ],
          paths: ['fs', 'path', 'http', 'net', 'os', 'child_process'].map((name) => ({
            name,
            message: 'src/sim runs in the browser too: no Node built-ins.',
          })),
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'localStorage',
        'setTimeout',
        'setInterval',
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Simulated time only: use the host clock.' },
        {
          object: 'Math',
          property: 'random',
          message: 'Seeded randomness only: use the host rng.',
        },
      ],
    },
  },
  {
    // Keys a learner types (container names, refs, tags, label keys, env names,
    // signals, program names) must never find Object.prototype's properties:
    // `docker stop toString` once threw a TypeError where dockerd answers 404.
    // What this catches: `key in obj` with a computed key (it sees inherited
    // names; use Object.hasOwn or own()) and Object.fromEntries (it builds an
    // object with a prototype; use dictFrom()). Engine state keyed by input
    // starts as dict() (core/records). What a syntax rule cannot see without
    // types is `obj[key]` on a plain object: src/sim/test/prototypeNames.test.ts
    // types those names into every command and API body instead.
    files: ['src/sim/**/*.ts'],
    ignores: ['src/sim/**/*.test.ts', 'src/sim/schemas/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "BinaryExpression[operator='in'][left.type!='Literal']",
          message:
            '`key in obj` also finds inherited names (toString, constructor): use Object.hasOwn(obj, key), own() or a Map.',
        },
        {
          selector:
            "CallExpression[callee.object.name='Object'][callee.property.name='fromEntries']",
          message:
            'Object.fromEntries builds an object with a prototype: use dictFrom() from core/records.',
        },
      ],
    },
  },
  {
    files: ['src/sim/**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Components talk only through messages (issue 11): code under
    // src/sim/<component>/ never reads or writes another component's state.
    // eslint/componentState.js says what each component owns;
    // src/sim/test/componentState.test.ts shows the rule failing on a reach-in.
    files: ['src/sim/**/*.ts'],
    ignores: ['src/sim/**/*.test.ts'],
    plugins: { dockscope: componentState },
    rules: { 'dockscope/component-owns-state': 'error' },
  },
);

// @ts-check
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';

// The import direction (docs/architecture.md): app → features → map → ui → data → lib → shared ← server;
// map/ and ui/ never read data/.
const layers = ['app', 'features', 'map', 'ui', 'data', 'lib', 'shared'];
// One folder per server module (src/server/modules/<domain>/).
const serverModules = readdirSync('./src/server/modules', { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const makeZones = (forTests) => [
  // Each client layer may import only the layers after it.
  ...layers.map((layer, index) => ({
    target: `./src/${layer}`,
    from: [
      ...layers.slice(0, index).map((above) => `./src/${above}`),
      './src/server',
      ...(forTests ? [] : ['./src/testing']),
    ],
    message: `src/${layer} may import only ${layers.slice(index + 1).join(', ') || 'nothing outside itself'} (docs/architecture.md).`,
  })),
  ...['map', 'ui'].map((layer) => ({
    target: `./src/${layer}`,
    from: './src/data',
    message: `src/${layer} is generic and never reads API data (src/data); pass what it needs in (docs/architecture.md).`,
  })),
  {
    target: './src/styles',
    from: [...layers.filter((layer) => layer !== 'shared').map((layer) => `./src/${layer}`), './src/server'],
    message: 'src/styles (tokens, breakpoints) is read by every client layer and imports none of them.',
  },
  {
    target: './src/server',
    from: ['./src/app', './src/features', './src/map', './src/ui', './src/lib', ...(forTests ? [] : ['./src/testing'])],
    message: 'The server imports src/shared only (docs/architecture.md).',
  },
  // The server (docs/architecture.md): src/server/platform never imports a module; a module imports the platform,
  // src/shared, itself, and another module only through that module's index.ts.
  {
    target: './src/server/platform',
    from: './src/server/modules',
    message:
      'src/server/platform is what every module uses; it never imports src/server/modules (docs/architecture.md).',
  },
  {
    target: './src/server/modules',
    from: [
      './src/server/app.ts',
      './src/server/main.ts',
      './src/server/demo.ts',
      './src/server/cli',
      './src/server/repositories',
    ],
    message:
      'A server module imports only src/server/platform, src/shared and other modules’ index.ts (docs/architecture.md).',
  },
  ...serverModules.map((name) => ({
    target: `./src/server/modules/${name}`,
    from: './src/server/modules',
    except: [`./${name}`, ...serverModules.filter((other) => other !== name).map((other) => `./${other}/index.ts`)],
    message: `src/server/modules/${name} imports another module only through its index.ts (docs/architecture.md).`,
  })),
  // A feature never imports another feature.
  ...readdirSync('./src/features', { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({
      target: `./src/features/${entry.name}`,
      from: './src/features',
      except: [`./${entry.name}`],
      message: 'A feature never imports another feature; compose them in src/app.',
    })),
];

export default tseslint.config(
  { ignores: ['dist/**', 'dist-test/**', 'node_modules/**', 'var/**', 'bench/out/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js}'],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    plugins: { 'import-x': importX, 'react-hooks': reactHooks },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: makeZones(false) }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'No raw HTML sinks (docs/quality.md R10).' },
        { property: 'outerHTML', message: 'No raw HTML sinks (docs/quality.md R10).' },
        { property: 'setHTML', message: 'No raw HTML sinks (docs/quality.md R10).' },
        { property: 'insertAdjacentHTML', message: 'No raw HTML sinks (docs/quality.md R10).' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'No dangerouslySetInnerHTML (docs/quality.md R10).',
        },
        {
          selector: "MemberExpression[property.name='only'][object.name=/^(it|test|describe)$/]",
          message: 'No focused tests.',
        },
        {
          selector: "MemberExpression[property.name='skip'][object.name=/^(it|test|describe)$/]",
          message: 'No skipped tests.',
        },
      ],
    },
  },
  {
    // Colocated tests may use the test helpers in src/testing (a real server, frozen fixtures).
    files: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'src/**/*.test-support.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: makeZones(true) }] },
  },
);

/**
 * The import rules (src/import-graph.ts) over the real tree, and the checker itself on small
 * hand-made trees so a broken checker cannot pass by finding nothing.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkImportGraph, cycles, importsOf, readSources, readWorkspaces, type SourceFile, type Workspace } from '../src/import-graph';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

describe('the repository', () => {
  const workspaces = readWorkspaces(ROOT);
  const files = readSources(ROOT, workspaces);
  const { edges, violations } = checkImportGraph(files, workspaces);

  it('has its four Workers, the single-Worker composition and its packages, and every file parsed', () => {
    expect(
      workspaces
        .filter((w) => w.kind === 'app')
        .map((w) => w.dir)
        .sort(),
    ).toEqual(['apps/ai', 'apps/core', 'apps/gateway', 'apps/integrations', 'apps/single']);
    expect(workspaces.filter((w) => w.kind === 'package').map((w) => w.name)).toContain('@jobmatch/db');
    expect(files.length).toBeGreaterThan(150);
    // The graph is real: the shared packages are imported from the apps.
    expect(edges.some((e) => e.from.startsWith('apps/core/src/') && e.to === 'packages/db/src/index.ts')).toBe(true);
    expect(edges.some((e) => e.from.startsWith('apps/gateway/src/') && e.to === 'packages/shared-middleware/src/index.ts')).toBe(true);
  });

  it('breaks no import rule (app → app only via /service from a composition root, package → app never, no cycles)', () => {
    expect(violations.map((v) => v.message)).toEqual([]);
  });

  it('resolves every workspace import to a file that exists', () => {
    const known = new Set(files.map((f) => f.path));
    // Data modules (SQL, JSON, the shipped font) and the generated worker-configuration.d.ts are not source files.
    const unresolved = edges.filter(
      (e) => e.to && !known.has(e.to) && !/\.(sql|json|jsonc|ttf)$/.test(e.to) && !/\/worker-configuration$/.test(e.to),
    );
    expect(unresolved.map((e) => `${e.from}: ${e.specifier}`)).toEqual([]);
  });
});

describe('the checker', () => {
  const ws = (dir: string, kind: Workspace['kind'], exports: Record<string, string> = {}): Workspace => ({
    dir,
    kind,
    name: `@jobmatch/${dir.split('/')[1]}`,
    exports,
  });
  const workspaces = [
    ws('apps/core', 'app', { './service': 'apps/core/src/service.ts' }),
    ws('apps/gateway', 'app', { './service': 'apps/gateway/src/service.ts' }),
    ws('apps/single', 'app'),
    ws('packages/db', 'package', { '.': 'packages/db/src/index.ts' }),
  ];
  const tree = (extra: SourceFile[]): SourceFile[] => [
    { path: 'apps/core/src/service.ts', text: "import { x } from '@jobmatch/db';" },
    { path: 'apps/gateway/src/service.ts', text: '' },
    { path: 'packages/db/src/index.ts', text: 'export const x = 1;' },
    ...extra,
  ];
  const rules = (extra: SourceFile[]) => checkImportGraph(tree(extra), workspaces).violations.map((v) => v.rule);

  it('accepts a clean tree', () => {
    expect(rules([])).toEqual([]);
  });

  it('refuses an app importing another app by path, by package internals, or by /service outside a composition root', () => {
    expect(rules([{ path: 'apps/gateway/src/a.ts', text: "import '../../core/src/service';" }])).toEqual(['app-imports-app']);
    expect(rules([{ path: 'apps/gateway/src/a.ts', text: "export * from '@jobmatch/core/src/service';" }])).toEqual(['app-imports-app']);
    expect(rules([{ path: 'apps/gateway/src/a.ts', text: "const m = await import('@jobmatch/core/service');" }])).toEqual([
      'app-imports-app',
    ]);
    expect(rules([{ path: 'apps/gateway/test/a.ts', text: "type T = import('@jobmatch/core/service').X;" }])).toEqual(['app-imports-app']);
  });

  it('lets a composition root import /service, and only /service', () => {
    expect(rules([{ path: 'apps/single/src/index.ts', text: "import { coreService } from '@jobmatch/core/service';" }])).toEqual([]);
    expect(rules([{ path: 'apps/single/src/index.ts', text: "import { x } from '../../core/src/service';" }])).toEqual(['app-imports-app']);
  });

  it('refuses a package importing an app', () => {
    expect(rules([{ path: 'packages/db/src/b.ts', text: "import type { X } from '@jobmatch/gateway/service';" }])).toEqual([
      'package-imports-app',
    ]);
  });

  it('finds file cycles and workspace cycles', () => {
    expect(
      rules([
        { path: 'packages/db/src/a.ts', text: "import './b';" },
        { path: 'packages/db/src/b.ts', text: "import { a } from './a.js';" },
      ]),
    ).toEqual(['file-cycle']);
    // db → core → db: a workspace cycle without a file cycle.
    expect(rules([{ path: 'packages/db/src/c.ts', text: "import '../../../apps/core/src/service';" }])).toEqual([
      'package-imports-app',
      'workspace-cycle',
    ]);
    expect(cycles([['a', 'a']])).toEqual([['a', 'a']]);
    expect(
      cycles([
        ['a', 'b'],
        ['b', 'c'],
      ]),
    ).toEqual([]);
  });

  it('reads imports with the TypeScript parser, not text patterns', () => {
    const found = importsOf({
      path: 'x.ts',
      text: `// import '@jobmatch/core/service';
        const s = "import x from '@jobmatch/ai/service'";
        import type { A } from './a';
        import { type B, c } from './b';
        export { d } from './d';
        const e = require('./e');`,
    });
    expect(found).toEqual([
      { specifier: './a', typeOnly: true },
      { specifier: './b', typeOnly: false },
      { specifier: './d', typeOnly: false },
      { specifier: './e', typeOnly: false },
    ]);
  });
});

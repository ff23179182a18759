/**
 * The repository's import rules, checked over every source file's real imports (parsed by
 * TypeScript, resolved like the bundler resolves them):
 *
 * 1. No app imports another app, except a composition root importing `@jobmatch/<app>/service`.
 * 2. No package imports an app.
 * 3. No import cycle between files, and none between workspaces.
 *
 * A composition root is a folder whose code assembles several Workers' service definitions
 * into one deployable (the single-Worker build): it is listed in COMPOSITION_ROOTS, and
 * nothing else may reach into another app, not even through /service.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';

/** Folders (repo-relative, ending in '/') allowed to import `@jobmatch/<app>/service`. */
export const COMPOSITION_ROOTS: readonly string[] = ['apps/single/src/'];

const SOURCE = /\.(ts|mts|cts|tsx|js|mjs|cjs)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', '.wrangler', '.turbo', 'reports', '.git']);

export interface SourceFile {
  /** Repo-relative, '/'-separated. */
  path: string;
  text: string;
}

export interface Workspace {
  /** 'apps/core', 'packages/db', 'tests/e2e', or a top-level folder such as 'bench'. */
  dir: string;
  kind: 'app' | 'package' | 'other';
  /** The package name (`@jobmatch/core`) when it has a package.json. */
  name?: string;
  /** export subpath ('.', './service') → repo-relative file. */
  exports: Record<string, string>;
}

export interface ImportEdge {
  from: string;
  specifier: string;
  /** Repo-relative file it resolves to; undefined for external packages and node: builtins. */
  to?: string;
  typeOnly: boolean;
}

/** Every module specifier a file names: static imports and re-exports, import(), require(), import types. */
export function importsOf(file: SourceFile): { specifier: string; typeOnly: boolean }[] {
  const kind = file.path.endsWith('.ts') || file.path.endsWith('.mts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, kind);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expr = node.moduleReference.expression;
      if (ts.isStringLiteral(expr)) found.push({ specifier: expr.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node)) {
      const [arg] = node.arguments;
      const dynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const require = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if ((dynamicImport || require) && arg && ts.isStringLiteralLike(arg)) found.push({ specifier: arg.text, typeOnly: false });
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal)) found.push({ specifier: arg.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The workspace a repo-relative path belongs to. */
export function workspaceOf(path: string, workspaces: readonly Workspace[]): Workspace | undefined {
  return workspaces.find((w) => path === w.dir || path.startsWith(`${w.dir}/`));
}

/** Resolves a specifier from `from` to a repo-relative file among `known` (undefined when external). */
export function resolveSpecifier(
  from: string,
  specifier: string,
  known: ReadonlySet<string>,
  workspaces: readonly Workspace[],
): string | undefined {
  const bare = specifier.replace(/\?.*$/, ''); // Vite-style queries (?raw)
  let target: string | undefined;
  if (bare.startsWith('.')) {
    target = join(dirname(from), bare).split(sep).join('/');
  } else {
    const workspace = workspaces.find((w) => w.name && (bare === w.name || bare.startsWith(`${w.name}/`)));
    if (!workspace) return undefined; // an npm package or a runtime module
    const subpath = bare === workspace.name ? '.' : `.${bare.slice(workspace.name!.length)}`;
    target = workspace.exports[subpath] ?? `${workspace.dir}/${subpath.slice(2)}`;
  }
  const candidates = [target, `${target}.ts`, `${target}.mjs`, `${target}.js`, `${target}/index.ts`, `${target}/index.mjs`];
  // TypeScript convention: './x.js' may name './x.ts'.
  if (/\.js$/.test(target)) candidates.push(target.replace(/\.js$/, '.ts'));
  return candidates.find((c) => known.has(c)) ?? target;
}

export interface Violation {
  rule: 'app-imports-app' | 'package-imports-app' | 'file-cycle' | 'workspace-cycle';
  message: string;
}

const isCompositionRoot = (path: string) => COMPOSITION_ROOTS.some((root) => path.startsWith(root));

export function checkImportGraph(
  files: readonly SourceFile[],
  workspaces: readonly Workspace[],
): { edges: ImportEdge[]; violations: Violation[] } {
  const known = new Set(files.map((f) => f.path));
  const edges: ImportEdge[] = [];
  for (const file of files) {
    for (const { specifier, typeOnly } of importsOf(file)) {
      edges.push({ from: file.path, specifier, to: resolveSpecifier(file.path, specifier, known, workspaces), typeOnly });
    }
  }
  const violations: Violation[] = [];
  for (const edge of edges) {
    if (!edge.to) continue;
    const from = workspaceOf(edge.from, workspaces);
    const to = workspaceOf(edge.to, workspaces);
    if (!from || !to || from === to || to.kind !== 'app') continue;
    if (from.kind === 'package') {
      violations.push({
        rule: 'package-imports-app',
        message: `${edge.from} imports ${edge.specifier} (${to.dir}): a package may not import an app`,
      });
    } else if (from.kind === 'app') {
      const viaService = edge.specifier === `${to.name}/service`;
      if (!viaService || !isCompositionRoot(edge.from)) {
        violations.push({
          rule: 'app-imports-app',
          message: `${edge.from} imports ${edge.specifier} (${to.dir}): ${
            viaService ? 'only a composition root may import a service' : `an app may import another app only as ${to.name}/service`
          }`,
        });
      }
    }
  }
  for (const cycle of cycles(edges.filter((e) => e.to && known.has(e.to)).map((e) => [e.from, e.to!]))) {
    violations.push({ rule: 'file-cycle', message: `import cycle: ${cycle.join(' → ')}` });
  }
  const workspaceEdges: [string, string][] = [];
  for (const edge of edges) {
    const from = edge.to && workspaceOf(edge.from, workspaces);
    const to = edge.to && workspaceOf(edge.to, workspaces);
    if (from && to && from !== to) workspaceEdges.push([from.dir, to.dir]);
  }
  for (const cycle of cycles(workspaceEdges)) {
    violations.push({ rule: 'workspace-cycle', message: `workspace cycle: ${cycle.join(' → ')}` });
  }
  return { edges, violations };
}

/** Every strongly connected component with more than one node (or a self-loop), as a path. */
export function cycles(edges: readonly (readonly [string, string])[]): string[][] {
  const next = new Map<string, string[]>();
  for (const [a, b] of edges) next.set(a, [...(next.get(a) ?? []), b]);
  // Tarjan's algorithm, iterative so deep graphs cannot overflow the stack.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  for (const start of next.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; i: number }[] = [{ node: start, i: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const out = next.get(frame.node) ?? [];
      if (frame.i < out.length) {
        const to = out[frame.i++]!;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, i: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && out.includes(frame.node);
        if (component.length > 1 || selfLoop) found.push([...component.reverse(), component[0]!]);
      }
    }
  }
  return found;
}

/** The repository's workspaces (apps/*, packages/*, tests/*) and top-level source folders. */
export function readWorkspaces(root: string): Workspace[] {
  const workspaces: Workspace[] = [];
  for (const group of ['apps', 'packages', 'tests'] as const) {
    for (const name of readdirSync(join(root, group))) {
      const dir = `${group}/${name}`;
      const manifest = join(root, dir, 'package.json');
      if (!existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; exports?: Record<string, string> };
      const exports: Record<string, string> = {};
      for (const [subpath, target] of Object.entries(pkg.exports ?? {})) exports[subpath] = join(dir, target).split(sep).join('/');
      workspaces.push({ dir, kind: group === 'apps' ? 'app' : group === 'packages' ? 'package' : 'other', name: pkg.name, exports });
    }
  }
  for (const dir of ['bench', 'scripts']) if (existsSync(join(root, dir))) workspaces.push({ dir, kind: 'other', exports: {} });
  return workspaces;
}

/** Every source file of the workspaces (no dependencies, build output or generated types). */
export function readSources(root: string, workspaces: readonly Workspace[]): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir))) {
      if (SKIP_DIRS.has(entry)) continue;
      const path = `${dir}/${entry}`;
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (SOURCE.test(entry) && !entry.endsWith('.d.ts')) files.push({ path, text: readFileSync(join(root, path), 'utf8') });
    }
  };
  for (const w of workspaces) walk(w.dir);
  return files;
}

export const repoRelative = (root: string, path: string) => relative(root, path).split(sep).join('/');

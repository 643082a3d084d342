/**
 * Type-checks Markdown code blocks as modules in ONE TypeScript program, with the project's
 * compiler options, the public import specifiers (`switchboard`, `switchboard/whatsapp`, ...)
 * mapped to the sources, and every diagnostic mapped back to its Markdown line.
 *
 * The block modules are virtual files at the repository root (`<root>/.docs-block.<name>.ts`,
 * served by the compiler host, never written), so packages such as `msw` or `vitest` resolve from
 * the project's node_modules and a relative import (`./examples/sqlite/sqlite-store.js`) from the
 * repository root.
 */
import path from 'node:path';
import ts from 'typescript';
import type { CodeBlock } from './markdown-blocks.js';

/** The package's public entry points and the source file each one is checked against. */
export const PUBLIC_ENTRIES: Readonly<Record<string, string>> = {
  switchboard: 'src/index.ts',
  'switchboard/whatsapp': 'src/channels/whatsapp/index.ts',
  'switchboard/vk': 'src/channels/vk/index.ts',
  'switchboard/testing': 'src/testing/index.ts',
};

export interface BlockDiagnostic {
  /** `docs/x.md:LINE:COL`, or `docs/x.md:FENCE_LINE (prelude)` for an error in the prelude. */
  readonly location: string;
  readonly code: number;
  readonly message: string;
}

export interface BlockResult {
  readonly block: CodeBlock;
  /** The virtual module the block was checked as. */
  readonly moduleFile: string;
  readonly diagnostics: readonly BlockDiagnostic[];
}

export interface CheckResult {
  readonly results: readonly BlockResult[];
  /** Option or global diagnostics: a broken set-up, not a broken block. */
  readonly setupDiagnostics: readonly string[];
}

interface VirtualModule {
  readonly block: CodeBlock;
  readonly fileName: string;
  readonly text: string;
  /** 0-based line of the module where the block's first line is. */
  readonly codeStart: number;
}

/** Checks every block (skipped ones excluded by the caller) in one program. */
export function checkBlocks(root: string, blocks: readonly CodeBlock[]): CheckResult {
  const options = compilerOptions(root);
  const modules = blocks.map((block) => toModule(root, block));
  const byName = new Map(modules.map((module) => [module.fileName, module]));

  const host = ts.createCompilerHost(options, true);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (fileName) => byName.has(fileName) || fileExists.call(host, fileName);
  host.readFile = (fileName) => byName.get(fileName)?.text ?? readFile.call(host, fileName);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const module = byName.get(fileName);
    if (module !== undefined) return ts.createSourceFile(fileName, module.text, languageVersion, true);
    return getSourceFile.call(host, fileName, languageVersion, onError, shouldCreate);
  };

  const program = ts.createProgram(modules.map((module) => module.fileName), options, host);
  const setupDiagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));

  const results = modules.map((module): BlockResult => {
    const source = program.getSourceFile(module.fileName);
    if (source === undefined) {
      return { block: module.block, moduleFile: module.fileName, diagnostics: [{ location: where(module.block), code: 0, message: 'not in the program' }] };
    }
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
      .map((diagnostic) => mapDiagnostic(module, source, diagnostic));
    return { block: module.block, moduleFile: module.fileName, diagnostics };
  });
  return { results, setupDiagnostics };
}

/** The project's tsconfig options, plus the public specifiers mapped to the sources. */
function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = path.join(root, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (file) => ts.sys.readFile(file));
  if (read.error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const config: unknown = read.config;
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configPath);
  const paths = Object.fromEntries(
    Object.entries(PUBLIC_ENTRIES).map(([specifier, file]) => [specifier, [path.join(root, file)]]),
  );
  return { ...parsed.options, paths, noEmit: true, incremental: false };
}

function toModule(root: string, block: CodeBlock): VirtualModule {
  const name = `${block.file.replace(/[^\w-]/g, '_')}_L${block.line}.ts`;
  const header = block.prelude === '' ? '' : `${block.prelude}\n`;
  const codeStart = header === '' ? 0 : header.split('\n').length - 1;
  // `export {}` makes every block a module (top-level await, no global name clashes).
  return { block, fileName: path.join(root, `.docs-block.${name}`), text: `${header}${block.code}\nexport {};\n`, codeStart };
}

function mapDiagnostic(module: VirtualModule, source: ts.SourceFile, diagnostic: ts.Diagnostic): BlockDiagnostic {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (diagnostic.start === undefined) return { location: where(module.block), code: diagnostic.code, message };
  const { line, character } = source.getLineAndCharacterOfPosition(diagnostic.start);
  if (line < module.codeStart) return { location: `${where(module.block)} (prelude)`, code: diagnostic.code, message };
  const docLine = module.block.line + 1 + (line - module.codeStart);
  return { location: `${module.block.file}:${docLine}:${character + 1}`, code: diagnostic.code, message };
}

function where(block: CodeBlock): string {
  return `${block.file}:${block.line}`;
}

/** One readable report for a failing block. */
export function formatFailure(result: BlockResult): string {
  const lines = result.diagnostics.map((diagnostic) => `  ${diagnostic.location} TS${diagnostic.code}: ${diagnostic.message}`);
  return [`${where(result.block)} (\`\`\`${result.block.lang} block)`, ...lines].join('\n');
}

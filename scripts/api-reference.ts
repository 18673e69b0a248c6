/**
 * The notebook's API reference, generated from the core's types with the
 * TypeScript compiler API: every name a cell can import from "tcp-lab"
 * (src/sim/index.ts, the one front door every caller outside the core uses), with its signature and doc
 * comment, grouped by the file that declares it.
 *
 * The Playground renders it at build time (components/notebook/ApiReference.astro
 * calls extractApiReference), so it can never fall behind the core. Run this
 * file to see the data: `node scripts/api-reference.ts > api.json`.
 */
import { relative } from "node:path";
import ts from "typescript";

export interface ApiMember {
  readonly name: string;
  readonly signature: string;
  readonly doc: string;
}

export interface ApiEntry {
  readonly name: string;
  readonly kind: "function" | "class" | "interface" | "type" | "const";
  readonly signature: string;
  readonly doc: string;
  readonly members: readonly ApiMember[];
}

export interface ApiGroup {
  /** File that declares the entries, relative to the repository root. */
  readonly file: string;
  /** First sentence of the file's header comment. */
  readonly summary: string;
  readonly entries: readonly ApiEntry[];
}

/** The modules whose exports make up "tcp-lab" in a notebook cell. */
export const NOTEBOOK_MODULES = ["src/sim/index.ts"];

const PRINT = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;

function docOf(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  return ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
}

function withoutComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/.*$/gm, "")
    .replace(/\n\s*\n/g, "\n")
    .trim();
}

function fileSummary(source: ts.SourceFile): string {
  const match = /^\s*\/\*\*([\s\S]*?)\*\//.exec(source.text);
  if (!match?.[1]) return "";
  const text = match[1]
    .split("\n")
    .map((line) => line.replace(/^\s*\* ?/, ""))
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
  const end = text.search(/\.(\s|$)/);
  return end >= 0 ? text.slice(0, end + 1) : text;
}

function isPublic(member: ts.ClassElement | ts.TypeElement): boolean {
  const flags = ts.getCombinedModifierFlags(member as unknown as ts.Declaration);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return false;
  if (member.name && ts.isPrivateIdentifier(member.name)) return false;
  const name = member.name?.getText() ?? "";
  return !name.startsWith("_");
}

function classMembers(decl: ts.ClassDeclaration, checker: ts.TypeChecker): ApiMember[] {
  const out: ApiMember[] = [];
  for (const member of decl.members) {
    if (!isPublic(member)) continue;
    const symbol = member.name ? checker.getSymbolAtLocation(member.name) : undefined;
    const doc = symbol ? docOf(symbol, checker) : "";
    const isStatic =
      ts.getCombinedModifierFlags(member as unknown as ts.Declaration) & ts.ModifierFlags.Static ? "static " : "";
    if (ts.isConstructorDeclaration(member)) {
      const sig = checker.getSignatureFromDeclaration(member);
      const ctorDoc = ts.displayPartsToString(sig?.getDocumentationComment(checker) ?? []).trim();
      out.push({
        name: "constructor",
        signature: `new ${decl.name?.text ?? ""}${sig ? checker.signatureToString(sig, undefined, PRINT) : "()"}`,
        doc: ctorDoc,
      });
    } else if (ts.isMethodDeclaration(member) && member.name) {
      const sig = checker.getSignatureFromDeclaration(member);
      out.push({
        name: member.name.getText(),
        signature: `${isStatic}${member.name.getText()}${sig ? checker.signatureToString(sig, undefined, PRINT) : "()"}`,
        doc,
      });
    } else if (ts.isPropertyDeclaration(member) && member.name) {
      const type = checker.getTypeAtLocation(member);
      const ro = ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Readonly ? "readonly " : "";
      out.push({
        name: member.name.getText(),
        signature: `${isStatic}${ro}${member.name.getText()}: ${checker.typeToString(type, member, PRINT)}`,
        doc,
      });
    } else if (ts.isGetAccessorDeclaration(member) && member.name) {
      const sig = checker.getSignatureFromDeclaration(member);
      const type = sig ? checker.getReturnTypeOfSignature(sig) : undefined;
      out.push({
        name: member.name.getText(),
        signature: `get ${member.name.getText()}(): ${type ? checker.typeToString(type, member, PRINT) : "unknown"}`,
        doc,
      });
    }
  }
  return out;
}

function interfaceMembers(decl: ts.InterfaceDeclaration, checker: ts.TypeChecker): ApiMember[] {
  return decl.members.filter(isPublic).map((member) => {
    const symbol = member.name ? checker.getSymbolAtLocation(member.name) : undefined;
    return {
      name: member.name?.getText() ?? "",
      signature: withoutComments(member.getText()).replace(/;$/, ""),
      doc: symbol ? docOf(symbol, checker) : "",
    };
  });
}

function describeSymbol(exported: ts.Symbol, checker: ts.TypeChecker): { entry: ApiEntry; file: ts.SourceFile } | null {
  const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  const decl = symbol.declarations?.[0];
  if (!decl) return null;
  const name = exported.name;
  const doc = docOf(symbol, checker);
  const file = decl.getSourceFile();
  if (ts.isFunctionDeclaration(decl)) {
    const type = checker.getTypeOfSymbolAtLocation(symbol, decl);
    const signatures = type
      .getCallSignatures()
      .map((s) => `function ${name}${checker.signatureToString(s, undefined, PRINT)}`);
    return { entry: { name, kind: "function", signature: signatures.join("\n"), doc, members: [] }, file };
  }
  if (ts.isClassDeclaration(decl)) {
    const heritage = decl.heritageClauses?.map((h) => ` ${h.getText()}`).join("") ?? "";
    return {
      entry: { name, kind: "class", signature: `class ${name}${heritage}`, doc, members: classMembers(decl, checker) },
      file,
    };
  }
  if (ts.isInterfaceDeclaration(decl)) {
    const heritage = decl.heritageClauses?.map((h) => ` ${h.getText()}`).join("") ?? "";
    const params = decl.typeParameters ? `<${decl.typeParameters.map((p) => p.getText()).join(", ")}>` : "";
    return {
      entry: {
        name,
        kind: "interface",
        signature: `interface ${name}${params}${heritage}`,
        doc,
        members: interfaceMembers(decl, checker),
      },
      file,
    };
  }
  if (ts.isTypeAliasDeclaration(decl)) {
    const params = decl.typeParameters ? `<${decl.typeParameters.map((p) => p.getText()).join(", ")}>` : "";
    return {
      entry: {
        name,
        kind: "type",
        signature: `type ${name}${params} = ${withoutComments(decl.type.getText())}`,
        doc,
        members: [],
      },
      file,
    };
  }
  if (ts.isVariableDeclaration(decl)) {
    const type = checker.getTypeOfSymbolAtLocation(symbol, decl);
    // Functions declared as consts read best as functions.
    const calls = type.getCallSignatures();
    if (calls.length > 0 && !decl.type) {
      const signatures = calls.map((s) => `function ${name}${checker.signatureToString(s, undefined, PRINT)}`);
      return { entry: { name, kind: "function", signature: signatures.join("\n"), doc, members: [] }, file };
    }
    return {
      entry: {
        name,
        kind: "const",
        signature: `const ${name}: ${checker.typeToString(type, decl, PRINT)}`,
        doc,
        members: [],
      },
      file,
    };
  }
  return null;
}

/** Reads the exports of the notebook's modules; `root` is the repository root. */
export function extractApiReference(root: string, modules: readonly string[] = NOTEBOOK_MODULES): ApiGroup[] {
  const files = modules.map((m) => `${root}/${m}`);
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const groups = new Map<string, { summary: string; entries: ApiEntry[] }>();
  const seen = new Set<string>();
  for (const file of files) {
    const source = program.getSourceFile(file);
    const moduleSymbol = source ? checker.getSymbolAtLocation(source) : undefined;
    if (!moduleSymbol) throw new Error(`api-reference: cannot read ${file}`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      if (seen.has(exported.name)) continue;
      seen.add(exported.name);
      const described = describeSymbol(exported, checker);
      if (!described) continue;
      const key = relative(root, described.file.fileName).split("\\").join("/");
      const group = groups.get(key) ?? { summary: fileSummary(described.file), entries: [] };
      group.entries.push(described.entry);
      groups.set(key, group);
    }
  }
  return [...groups.entries()]
    .map(([file, g]) => ({ file, summary: g.summary, entries: g.entries.sort((a, b) => a.name.localeCompare(b.name)) }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
  process.stdout.write(JSON.stringify(extractApiReference(root), null, 2) + "\n");
}

/**
 * Pretty-printing of values for a notebook cell's output, in the spirit of
 * Node's util.inspect but small: short values on one line, long ones broken
 * over several, with depth, length and cycle limits so that logging a huge or
 * circular object cannot flood the page. Pure: runs in the worker and in tests.
 */

export interface FormatOptions {
  /** Nesting shown before an object is abbreviated as [Object] (default 4). */
  readonly depth?: number;
  /** Array items / object keys shown before "… n more" (default 100). */
  readonly maxItems?: number;
  /** Characters kept of a nested string before it is cut (default 1000). */
  readonly maxString?: number;
  /** One-line width under which a collection stays on one line (default 72). */
  readonly width?: number;
}

interface Ctx {
  readonly depth: number;
  readonly maxItems: number;
  readonly maxString: number;
  readonly width: number;
  readonly seen: Set<object>;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/*
 * Captured when this module loads, before the notebook worker replaces the
 * globals a cell may not use (Function among them): the formatter must keep
 * working inside the locked-down scope.
 */
const functionToString = Function.prototype.toString;
const getPrototypeOf = Object.getPrototypeOf;
const describe = Object.getOwnPropertyDescriptor;

/** Text for one console.log argument: strings print raw at the top level, everything else as inspected. */
export function formatLogArgument(value: unknown, options: FormatOptions = {}): string {
  return typeof value === "string" ? value : formatValue(value, options);
}

/** Text for a list of console.log arguments, joined with spaces like a console does. */
export function formatLogArguments(values: readonly unknown[], options: FormatOptions = {}): string {
  return values.map((v) => formatLogArgument(v, options)).join(" ");
}

/** Never throws: a value that fights inspection (a hostile Proxy, say) is described as such. */
export function formatValue(value: unknown, options: FormatOptions = {}): string {
  const ctx: Ctx = {
    depth: options.depth ?? 4,
    maxItems: options.maxItems ?? 100,
    maxString: options.maxString ?? 1000,
    width: options.width ?? 72,
    seen: new Set(),
  };
  try {
    return inspect(value, ctx, 0, "");
  } catch (error) {
    return `[value that cannot be shown: ${thrownText(error)}]`;
  }
}

/** Short text for something thrown while inspecting, without running more of the cell's code than needed. */
function thrownText(error: unknown): string {
  try {
    if (error instanceof Error) {
      const message = describe(error, "message");
      return message && "value" in message ? String(message.value) : "an error";
    }
    return typeof error === "string" ? error : typeof error;
  } catch {
    return "an error";
  }
}

/**
 * A function as a console shows it: [Function: name], [AsyncFunction: name],
 * [GeneratorFunction: name], [class Name], [Function (anonymous)]. No
 * parameter list: the core's functions are minified in the build, so their
 * parameter names would say nothing true.
 */
export function functionSummary(fn: (...args: never[]) => unknown): string {
  let source: string;
  try {
    source = String(functionToString.call(fn));
  } catch {
    source = "";
  }
  const nameValue: unknown = describe(fn, "name")?.value;
  const name = typeof nameValue === "string" ? nameValue : "";
  if (/^class\b/.test(source)) return `[class ${name || "(anonymous)"}]`;
  const proto = getPrototypeOf(fn) as object | null;
  const tag: unknown = proto ? describe(proto, Symbol.toStringTag)?.value : undefined;
  const kind = typeof tag === "string" && tag.endsWith("Function") ? tag : "Function";
  return `[${kind}${name ? `: ${name}` : " (anonymous)"}]`;
}

function quote(text: string, max: number): string {
  const cut = text.length > max ? text.slice(0, max) : text;
  const body = JSON.stringify(cut).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${body}'${text.length > max ? `… (${text.length - max} more characters)` : ""}`;
}

function keyText(key: string | symbol): string {
  if (typeof key === "symbol") return `[${key.toString()}]`;
  return IDENTIFIER.test(key) ? key : quote(key, 200);
}

function className(value: object): string {
  const proto: unknown = getPrototypeOf(value);
  if (proto === null) return "[Object: null prototype]";
  // Read as data only: a getter here could be the cell's code, or the refused Function constructor.
  const ctor: unknown = describe(proto as object, "constructor")?.value;
  if (typeof ctor !== "function") return "";
  const name: unknown = describe(ctor, "name")?.value;
  return typeof name === "string" ? name : "";
}

function safeGet(value: object, key: string | symbol): unknown {
  try {
    return (value as Record<string | symbol, unknown>)[key];
  } catch (error) {
    return `[getter threw: ${thrownText(error)}]`;
  }
}

/** Lays items out on one line when they fit, otherwise one per line with the given indent. */
function layout(open: string, close: string, items: readonly string[], ctx: Ctx, indent: string): string {
  if (items.length === 0) return `${open}${close}`;
  const oneLine = `${open} ${items.join(", ")} ${close}`;
  if (oneLine.length + indent.length <= ctx.width && !items.some((i) => i.includes("\n"))) return oneLine;
  const inner = indent + "  ";
  return `${open}\n${items.map((i) => inner + i).join(",\n")}\n${indent}${close}`;
}

function inspect(value: unknown, ctx: Ctx, level: number, indent: string): string {
  switch (typeof value) {
    case "string":
      return quote(value, ctx.maxString);
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n`;
    case "boolean":
    case "undefined":
      return String(value);
    case "symbol":
      return value.toString();
    case "function":
      return functionSummary(value as (...args: never[]) => unknown);
    default:
      break;
  }
  if (value === null) return "null";
  const obj = value as object;
  if (ctx.seen.has(obj)) return "[Circular]";
  if (obj instanceof Error) return `${String(safeGet(obj, "name"))}: ${String(safeGet(obj, "message"))}`;
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? "Invalid Date" : obj.toISOString();
  if (obj instanceof RegExp) return obj.toString();
  if (level > ctx.depth) return Array.isArray(obj) ? "[Array]" : `[${className(obj) || "Object"}]`;
  ctx.seen.add(obj);
  try {
    return inspectCollection(obj, ctx, level, indent);
  } finally {
    ctx.seen.delete(obj);
  }
}

function inspectCollection(obj: object, ctx: Ctx, level: number, indent: string): string {
  const next = (v: unknown): string => inspect(v, ctx, level + 1, indent + "  ");
  const more = (n: number): string[] => (n > 0 ? [`… ${n} more item${n === 1 ? "" : "s"}`] : []);

  if (Array.isArray(obj)) {
    const items = obj.slice(0, ctx.maxItems).map((v, i) => (i in obj ? next(v) : "<empty>"));
    const prefix = obj.length > 6 ? `(${obj.length}) ` : "";
    return prefix + layout("[", "]", [...items, ...more(obj.length - ctx.maxItems)], ctx, indent);
  }
  if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) {
    const typed = obj as unknown as ArrayLike<number | bigint>;
    const items = Array.from({ length: Math.min(typed.length, ctx.maxItems) }, (_, i) => String(typed[i]));
    return `${className(obj)}(${typed.length}) ${layout("[", "]", [...items, ...more(typed.length - ctx.maxItems)], ctx, indent)}`;
  }
  if (obj instanceof Map) {
    const entries = [...obj.entries()];
    const items = entries.slice(0, ctx.maxItems).map(([k, v]) => `${next(k)} => ${next(v)}`);
    return `Map(${obj.size}) ${layout("{", "}", [...items, ...more(entries.length - ctx.maxItems)], ctx, indent)}`;
  }
  if (obj instanceof Set) {
    const values = [...obj.values()];
    const items = values.slice(0, ctx.maxItems).map(next);
    return `Set(${obj.size}) ${layout("{", "}", [...items, ...more(values.length - ctx.maxItems)], ctx, indent)}`;
  }
  const keys: (string | symbol)[] = Reflect.ownKeys(obj).filter((k) =>
    Object.prototype.propertyIsEnumerable.call(obj, k),
  );
  const items = keys.slice(0, ctx.maxItems).map((k) => `${keyText(k)}: ${next(safeGet(obj, k))}`);
  const name = className(obj);
  const prefix = name === "Object" || name === "" ? "" : `${name} `;
  return prefix + layout("{", "}", [...items, ...more(keys.length - ctx.maxItems)], ctx, indent);
}

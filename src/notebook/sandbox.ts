/**
 * The global scope a notebook cell runs in, built from an allow-list.
 *
 * The worker calls lockDownScope(globalThis, …) after it has captured what
 * the runtime itself needs and before the reader's code runs. Every other
 * name on the global object or on its prototype chain (the worker's
 * DedicatedWorkerGlobalScope, WorkerGlobalScope, EventTarget) is deleted where
 * it lives and replaced on the global object by a getter that throws the
 * same clear message, so `fetch`, `self.fetch`, `globalThis.fetch`,
 * `this.fetch` and the prototype chain all lead to the refusal. A name a
 * future browser adds is refused too: nothing is reachable unless listed here.
 *
 * The constructors of the four function kinds evaluate strings as code, so
 * `(() => 0).constructor` is refused as well. The page's Content-Security-
 * Policy (inherited by the blob: worker) is the second wall: scripts, fonts,
 * images and connections to other origins are blocked even if something
 * here were missed.
 *
 * Pure with respect to the DOM: it only touches the object it is given.
 */

/** ECMAScript built-ins a cell may use: data, maths, text, collections, errors, promises. No I/O, no code from strings. */
export const ALLOWED_BUILTINS: readonly string[] = [
  "globalThis",
  "undefined",
  "NaN",
  "Infinity",
  "isFinite",
  "isNaN",
  "parseFloat",
  "parseInt",
  "decodeURI",
  "decodeURIComponent",
  "encodeURI",
  "encodeURIComponent",
  "escape",
  "unescape",
  "Object",
  "Boolean",
  "Symbol",
  "Number",
  "BigInt",
  "Math",
  "String",
  "RegExp",
  "Date",
  "JSON",
  "Array",
  "Iterator",
  "Map",
  "Set",
  "WeakMap",
  "WeakSet",
  "WeakRef",
  "Promise",
  "Proxy",
  "Reflect",
  "Intl",
  "ArrayBuffer",
  "DataView",
  "Int8Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "Int16Array",
  "Uint16Array",
  "Int32Array",
  "Uint32Array",
  "Float16Array",
  "Float32Array",
  "Float64Array",
  "BigInt64Array",
  "BigUint64Array",
  "Error",
  "AggregateError",
  "EvalError",
  "RangeError",
  "ReferenceError",
  "SyntaxError",
  "TypeError",
  "URIError",
  "SuppressedError",
  "DisposableStack",
  "AsyncDisposableStack",
  // Pure helpers of the web platform: no I/O, no code from strings.
  "TextEncoder",
  "TextDecoder",
  "atob",
  "btoa",
  "structuredClone",
  "queueMicrotask",
];

/** What the notebook itself puts in a cell's scope (see components/notebook/runtime.worker.ts). */
export const NOTEBOOK_GLOBALS: readonly string[] = ["console", "require", "pcap", "chart"];

/** Keys the language gives every object; never refused. */
const STRUCTURAL = new Set(["constructor", "__proto__"]);

export interface LockDownReport {
  /** Names now refused on the global object. */
  readonly refused: readonly string[];
  /** Names that are not allowed but could not be removed (non-configurable accessors); a cell must not run if any. */
  readonly unremovable: readonly string[];
}

/**
 * Replaces every name of `scope` (and of its prototype chain), and every name
 * of `alwaysRefused`, that is not in `allowed` by a getter throwing `refusedMessage` with "{name}" filled in.
 * `allowed` names that live on the global object itself are made read-only.
 */
export function lockDownScope(
  scope: object,
  refusedMessage: string,
  alwaysRefused: readonly string[] = [],
  allowed: ReadonlySet<string> = new Set([...ALLOWED_BUILTINS, ...NOTEBOOK_GLOBALS]),
): LockDownReport {
  const refusal = (name: string): Error => new Error(refusedMessage.replace("{name}", name));
  const names = new Set<string>();
  const chain: object[] = [];
  for (let o: object | null = scope; o !== null; o = Object.getPrototypeOf(o) as object | null) {
    if (o === Object.prototype) break; // the language's own, shared by every object
    chain.push(o);
    for (const key of Reflect.ownKeys(o)) if (typeof key === "string") names.add(key);
  }
  // Refused with the same message even where this engine lacks them, so a cell never sees "is not defined" instead.
  for (const name of alwaysRefused) names.add(name);
  const refused: string[] = [];
  const unremovable: string[] = [];
  for (const name of names) {
    if (allowed.has(name) || STRUCTURAL.has(name)) continue;
    for (const o of chain) {
      const descriptor = Object.getOwnPropertyDescriptor(o, name);
      if (descriptor?.configurable) Reflect.deleteProperty(o, name);
    }
    const current = Object.getOwnPropertyDescriptor(scope, name);
    if (current && !current.configurable) {
      // Cannot be replaced (e.g. a non-configurable binding): make sure it holds nothing.
      if ("value" in current && current.writable) Reflect.set(scope, name, undefined);
      else unremovable.push(name);
      continue;
    }
    const refuse = (): never => {
      throw refusal(name);
    };
    Object.defineProperty(scope, name, { get: refuse, set: refuse, enumerable: false, configurable: false });
    refused.push(name);
  }
  // The prototypes of the global object keep nothing a cell could re-attach.
  for (const o of chain.slice(1)) {
    for (const key of Reflect.ownKeys(o)) {
      if (typeof key === "symbol") continue;
      const descriptor = Object.getOwnPropertyDescriptor(o, key);
      if (descriptor?.configurable) Reflect.deleteProperty(o, key);
    }
    Object.freeze(o);
  }
  // Allowed globals cannot be swapped for something else by the cell.
  for (const name of allowed) {
    const descriptor = Object.getOwnPropertyDescriptor(scope, name);
    if (descriptor?.configurable) {
      Object.defineProperty(scope, name, {
        ...descriptor,
        configurable: false,
        ...("value" in descriptor ? { writable: false } : {}),
      });
    }
  }
  // Function constructors reached through any function's `constructor` evaluate strings too.
  const functionKinds = [function () {}, async function () {}, function* () {}, async function* () {}];
  for (const fn of functionKinds) {
    const proto = Object.getPrototypeOf(fn) as object;
    const descriptor = Object.getOwnPropertyDescriptor(proto, "constructor");
    if (descriptor && !descriptor.configurable) continue;
    Object.defineProperty(proto, "constructor", {
      get: () => {
        throw refusal("Function");
      },
      configurable: false,
    });
  }
  return { refused, unremovable };
}

/**
 * Browser globals of the network, storage, the page and code-from-strings that
 * a notebook cell is refused by name, even in an engine that lacks them, so a
 * cell never sees "is not defined" instead of the sandbox's message. The
 * sandbox (src/notebook/sandbox.ts) refuses everything not on its allow-list
 * anyway; this list only fixes the message for names the engine may not have.
 */
export const ALWAYS_REFUSED: readonly string[] = [
  "fetch",
  "XMLHttpRequest",
  "WebSocket",
  "WebSocketStream",
  "WebTransport",
  "EventSource",
  "FontFace",
  "fonts",
  "importScripts",
  "Worker",
  "SharedWorker",
  "navigator",
  "caches",
  "cookieStore",
  "indexedDB",
  "localStorage",
  "sessionStorage",
  "BroadcastChannel",
  "postMessage",
  "close",
  "document",
  "window",
  "self",
  "eval",
  "Function",
  "WebAssembly",
  "setTimeout",
  "setInterval",
];

/**
 * Vitest global setup for the browser suite: serves the production build in
 * dist/ with the suite's own static server (support/static-server.ts) on a
 * free local port, and hands its origin to the tests. A preview server the
 * reader has open (`npm run preview`, port 4321) is neither used nor disturbed.
 */
import { existsSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { serveStatic } from "./static-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    origin: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync("dist/index.html")) throw new Error("No production build in dist/: run `npm run build` first.");
  const { server, origin } = await serveStatic("dist");
  project.provide("origin", origin);
  return async () => {
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  };
}

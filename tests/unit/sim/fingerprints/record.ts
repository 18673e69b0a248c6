/** Writes fingerprints.json beside this file (see cases.ts). Run only when a change of behaviour is intended. */
import { writeFileSync } from "node:fs";
import { fingerprint, fingerprintCases } from "./cases.ts";

const out: Record<string, string> = {};
for (const c of fingerprintCases()) out[c.id] = fingerprint(c);
writeFileSync(new URL("./fingerprints.json", import.meta.url), JSON.stringify(out, null, 2) + "\n");
console.log(`${Object.keys(out).length} fingerprints written`);

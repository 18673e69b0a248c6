/**
 * /evidence/<name>.pcap: the kernel's own capture of each experiment, copied
 * byte for byte from lab/results/ into the built site (one file for both languages).
 */
import type { APIRoute } from "astro";
import { experiments, pcapBytes } from "~/components/evidence/results.ts";

export function getStaticPaths() {
  return experiments().flatMap((experiment) =>
    experiment.pcap === null || experiment.pcapBytes === null
      ? []
      : [{ params: { capture: experiment.pcap.replace(/\.pcap$/, "") } }],
  );
}

export const GET: APIRoute = ({ params }) =>
  new Response(pcapBytes(`${params["capture"] ?? ""}.pcap`), {
    headers: { "Content-Type": "application/vnd.tcpdump.pcap" },
  });

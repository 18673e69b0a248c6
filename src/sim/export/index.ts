/** Export a run to files and text: pcap for Wireshark, tcpdump/ss/nstat-style text. */
export {
  HOST_STACK_DROPS,
  PCAP_EPOCH_SECONDS,
  PCAP_MAGIC,
  PCAP_SNAPLEN,
  LINKTYPE_ETHERNET,
  captureSegments,
  encodeFrame,
  internetChecksum,
  ipv4Bytes,
  macForIp,
  segmentsToPcap,
  traceToPcap,
} from "./pcap.ts";
export type { CapturePoint, PcapOptions, TimedSegment } from "./pcap.ts";
export {
  ALL_EVENT_KINDS,
  SeqRelativizer,
  countersToNstat,
  formatSegment,
  formatTime,
  resultToText,
  ssToText,
  summaryToText,
  traceToTcpdump,
} from "./text.ts";
export { ssStateName } from "../ss-names.ts";
export type { EventLineKind, TcpdumpOptions } from "./text.ts";
export { encodeTcpOptions, formatTcpOption, tcpOptionList } from "./tcp-options.ts";
export type { TcpOptionItem } from "./tcp-options.ts";

"""SYN-ACK retransmission with tcp_synack_retries = 2: SYN-ACKs at 0, 1, 3 s (doubling from 1 s),
and the request socket (ss: SYN-RECV) is dropped about 7 s after the SYN. One raw SYN from
10.9.0.2, whose SYN-ACKs leave through a veth and are never answered."""
import socket
import struct
import time

from common import Capture, emit, enter_netns, listener, pcap_path, silent_sink, ss_count, sysctl_set, wait_until


def checksum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def raw_syn(src, dst, sport, dport, seq):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, 0, 5 << 4, 0x02, 65535, 0, 0)
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, 6, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", checksum(pseudo + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0, 64, 6, 0, socket.inet_aton(src), socket.inet_aton(dst))
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    r.sendto(ip + tcp, (dst, 0))
    r.close()


if __name__ == "__main__":
    enter_netns()
    silent_sink()
    sysctl_set("net.ipv4.tcp_synack_retries", 2)
    srv = listener(5000, addr="10.9.0.1")
    cap = Capture(pcap_path(), iface="v0", bpf="tcp")
    t0 = time.monotonic()
    raw_syn("10.9.0.2", "10.9.0.1", 40000, 5000, 1000)
    time.sleep(0.1)
    half_open = ss_count("state", "syn-recv")
    gone = wait_until(lambda: ss_count("state", "syn-recv") == 0, 20, step=0.05)
    pkts = cap.stop()
    sa = [p["t"] for p in pkts if p["flags"] == "S."]
    emit(
        {
            "requestSockets": half_open,
            "synAckSentAtS": [round(t - sa[0], 2) for t in sa],
            "requestDroppedAfterS": round(gone + 0.1, 2) if gone is not None else None,
        }
    )

"""tcp_rto_max_ms (6.15+) and TCP_RTO_MAX_MS cap the retransmission timeout. An orphaned
FIN_WAIT1 under tcp_rto_max_ms = 1000: the RTO doubles up to 1 s, and once it has reached the cap
the orphan counts as no longer alive (tcp_orphan_retries) and is dropped at the next timeout. A
socket with TCP_RTO_MAX_MS = 1000 (the sysctl back at 120000) retransmits its data 1 s apart."""
import socket
import struct
import time

import silent_peer
from common import Capture, emit, enter_netns, nstat, pcap_path, ss, sysctl_set

TCP_RTO_MAX_MS = 44
enter_netns()
silence, stop = silent_peer.start()
cap = Capture(pcap_path(), iface="v0", bpf="tcp")
sysctl_set("net.ipv4.tcp_rto_max_ms", 1000)
orphan = socket.create_connection(("10.9.0.2", 5000))
inherited = struct.unpack("i", orphan.getsockopt(socket.IPPROTO_TCP, TCP_RTO_MAX_MS, 4))[0]
sysctl_set("net.ipv4.tcp_rto_max_ms", 120000)
data = socket.create_connection(("10.9.0.2", 5001))
data.setsockopt(socket.IPPROTO_TCP, TCP_RTO_MAX_MS, 1000)
time.sleep(0.2)
silence()
t0 = time.monotonic()
orphan.close()
data.send(b"d" * 100)
gone = None
while time.monotonic() - t0 < 4.5:
    if gone is None and not ss("dport", "= 5000"):
        gone = time.monotonic() - t0
    time.sleep(0.02)
counters = nstat()
pkts = cap.stop()
stop()
fins = [p["t"] for p in pkts if p["dport"] == 5000 and "F" in p["flags"]]
sends = [p["t"] for p in pkts if p["dport"] == 5001 and p["length"]]
emit(
    {
        "socketCopiesSysctlMs": inherited,
        "orphanFinAtS": [round(t - fins[0], 2) for t in fins],
        "orphanDropped": gone is not None,
        "TcpExtTCPAbortOnTimeout": counters.get("TcpExtTCPAbortOnTimeout", 0),
        "dataGapsS": [round(b - a, 2) for a, b in zip(sends, sends[1:])],
    }
)

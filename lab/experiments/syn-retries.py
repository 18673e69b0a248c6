"""SYN retransmission with tcp_syn_retries = 3 (tcp_syn_linear_timeouts = 4): five 1 s gaps, then
doubling, and connect() fails with ETIMEDOUT. The peer (10.9.0.2, behind a veth) never answers."""
import socket
import time

from common import Capture, emit, enter_netns, errno_name, pcap_path, silent_sink, sysctl_set

enter_netns()
silent_sink()
sysctl_set("net.ipv4.tcp_syn_retries", 3)
cap = Capture(pcap_path(), iface="v0", bpf="tcp")
c = socket.socket()
t0 = time.monotonic()
try:
    c.connect(("10.9.0.2", 5000))
    err = "connected"
except OSError as exc:
    err = errno_name(exc)
failed_after = time.monotonic() - t0
pkts = cap.stop()
syns = [p["t"] for p in pkts if p["flags"] == "S"]
emit(
    {
        "synSentAtS": [round(t - syns[0], 2) for t in syns],
        "gapsS": [round(b - a, 2) for a, b in zip(syns, syns[1:])],
        "errno": err,
        "failedAfterS": round(failed_after, 2),
    }
)

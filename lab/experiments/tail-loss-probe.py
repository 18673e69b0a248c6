"""Tail loss probe: an orphaned FIN_WAIT1 whose FIN is never acknowledged. With SACK (the
default) the FIN is probed once about one RTO after it went out, and the RTO restarts from the
probe; with tcp_sack = 0 there is no probe. A peer behind a veth that goes silent after the
handshake."""
import socket
import time

import silent_peer
from common import Capture, emit, enter_netns, nstat, pcap_path, sysctl_set

enter_netns()
silence, stop = silent_peer.start()
cap = Capture(pcap_path(), iface="v0", bpf="tcp")
sack = socket.create_connection(("10.9.0.2", 5000))
sysctl_set("net.ipv4.tcp_sack", 0)
nosack = socket.create_connection(("10.9.0.2", 5001))
time.sleep(0.2)
silence()
sack.close()
nosack.close()
time.sleep(2.5)
counters = nstat()
pkts = cap.stop()
stop()


def fins(port):
    times = [p["t"] for p in pkts if p["dport"] == port and "F" in p["flags"]]
    return [round(t - times[0], 2) for t in times]


emit(
    {
        "sackFinAtS": fins(5000),
        "noSackFinAtS": fins(5001),
        "TcpExtTCPLossProbes": counters.get("TcpExtTCPLossProbes", 0),
        "TcpExtTCPTimeouts": counters.get("TcpExtTCPTimeouts", 0),
        "TcpRetransSegs": counters.get("TcpRetransSegs", 0),
    }
)

"""On loopback (MTU 65536) the SYN offers MSS 65495, SACK, timestamps and a window scale the
kernel derives from tcp_rmem; the SYN-ACK answers in kind; the window fields are unscaled."""
import socket
import time

from common import Capture, emit, enter_netns, listener, pcap_path, sysctl_get

enter_netns()
srv = listener(5000)
cap = Capture(pcap_path(), bpf="tcp port 5000")
c = socket.create_connection(("127.0.0.1", 5000))
a, _ = srv.accept()
time.sleep(0.05)
pkts = cap.stop()
syn = next(p for p in pkts if p["flags"] == "S")
synack = next(p for p in pkts if p["flags"] == "S.")
ack = next(p for p in pkts if p["flags"] == "." and p["dport"] == 5000)


def opt_names(o):
    return [x.split()[0] for x in o.split(",")]


def wscale(o):
    return next(int(x.split()[1]) for x in o.split(",") if x.startswith("wscale"))


def mss(o):
    return next(int(x.split()[1]) for x in o.split(",") if x.startswith("mss"))


emit(
    {
        "synOptions": opt_names(syn["options"]),
        "synMss": mss(syn["options"]),
        "synWindow": syn["win"],
        "synWscale": wscale(syn["options"]),
        "synAckOptions": opt_names(synack["options"]),
        "synAckMss": mss(synack["options"]),
        "synAckWindow": synack["win"],
        "synAckWscale": wscale(synack["options"]),
        "finalAckWindow": ack["win"],
        "tcpRmem": sysctl_get("net.ipv4.tcp_rmem"),
    }
)

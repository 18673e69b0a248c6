"""The handshake's options, windows and window scale, on loopback (MTU 65536) and on a veth pair
to a second namespace (MTU 1500), with tcp_rmem at the kernel's own default (4096 131072 6291456;
a new namespace otherwise copies the host's value). The SYN's window is the largest multiple of
the MSS that fits 64 KiB; the SYN-ACK's uses the MSS less the 12 bytes of timestamps; the window
scale comes from the largest receive buffer (tcp_rmem[2] or net.core.rmem_max)."""
import socket
import subprocess
import sys
import time

from common import Capture, emit, enter_netns, listener, pcap_path, peer_namespace, sysctl_set

RMEM = "4096 131072 6291456"
SERVER = f"""
import socket, time
open("/proc/sys/net/ipv4/tcp_rmem", "w").write("{RMEM}")
s = socket.socket(); s.bind(("10.9.0.2", 5000)); s.listen(4)
print("ready", flush=True)
a, _ = s.accept()
time.sleep(5)
"""


def opt_names(o):
    return [x.split()[0] for x in o.split(",")]


def opt_value(o, name):
    return next(int(x.split()[1]) for x in o.split(",") if x.startswith(name))


def handshake(pkts, port):
    syn = next(p for p in pkts if p["flags"] == "S" and p["dport"] == port)
    synack = next(p for p in pkts if p["flags"] == "S." and p["sport"] == port)
    ack = next(p for p in pkts if p["flags"] == "." and p["dport"] == port)
    return {
        "SynOptions": opt_names(syn["options"]),
        "SynMss": opt_value(syn["options"], "mss"),
        "SynWindow": syn["win"],
        "SynWscale": opt_value(syn["options"], "wscale"),
        "SynAckMss": opt_value(synack["options"], "mss"),
        "SynAckWindow": synack["win"],
        "SynAckWscale": opt_value(synack["options"], "wscale"),
        "AckWindow": ack["win"],
    }


enter_netns()
sysctl_set("net.ipv4.tcp_rmem", RMEM)
pid, nsexec = peer_namespace()
server = subprocess.Popen(["nsenter", "-t", str(pid), "-n", "--", sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True)
assert server.stdout.readline().strip() == "ready"
srv = listener(5001)
cap = Capture(pcap_path(), iface="v0", bpf="tcp")
cap_lo = Capture(None, iface="lo", bpf="tcp")
lo = socket.create_connection(("127.0.0.1", 5001))
srv.accept()
veth = socket.create_connection(("10.9.0.2", 5000))
time.sleep(0.1)
pkts_veth = cap.stop()
pkts_lo = cap_lo.stop()
server.kill()
figures = {}
for prefix, pkts, port in (("lo", pkts_lo, 5001), ("eth", pkts_veth, 5000)):
    for k, v in handshake(pkts, port).items():
        figures[prefix + k] = v
emit(figures)

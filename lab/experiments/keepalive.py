"""Keepalive with TCP_KEEPIDLE = 2, TCP_KEEPINTVL = 1, TCP_KEEPCNT = 3. A peer that answers is
probed every 2 s (the idle time restarts after each answer); a peer that went silent is probed
at 2, 3 and 4 s, and at 5 s the kernel sends a RST and the socket fails with ETIMEDOUT."""
import socket
import subprocess
import sys
import time

from common import Capture, emit, enter_netns, errno_name, listener, pcap_path, peer_namespace

SERVER = """
import socket, time
s = socket.socket(); s.bind(("10.9.0.2", 5000)); s.listen(4)
print("ready", flush=True)
a, _ = s.accept()
time.sleep(60)
"""


def keepalive_socket(addr):
    c = socket.create_connection(addr)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 2)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 3)
    return c


enter_netns()
pid, nsexec = peer_namespace()
server = subprocess.Popen(["nsenter", "-t", str(pid), "-n", "--", sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True)
assert server.stdout.readline().strip() == "ready"
local = listener(5001)
cap = Capture(pcap_path(), iface="v0", bpf="tcp")
cap_lo = Capture(None, iface="lo", bpf="tcp")
alive = keepalive_socket(("127.0.0.1", 5001))
held, _ = local.accept()
dead = keepalive_socket(("10.9.0.2", 5000))
t0 = time.monotonic()
time.sleep(0.5)
nsexec(["ip", "addr", "flush", "dev", "v1"])  # the peer goes silent: its address is gone
dead.settimeout(10)
try:
    dead.recv(1)
    err = "no error"
except OSError as exc:
    err = errno_name(exc)
failed_after = time.monotonic() - t0
time.sleep(max(0, 6.6 - (time.monotonic() - t0)))
pkts = cap.stop() + cap_lo.stop()
server.kill()
start = next(p["t"] for p in pkts if p["dport"] == 5000 and p["flags"] == ".")
dead_out = [p for p in pkts if p["dport"] == 5000 and p["t"] > start]
alive_probes = [p["t"] - start for p in pkts if p["dport"] == 5001 and p["flags"] == "." and p["t"] > start + 1]
emit(
    {
        "deadProbesAtS": [round(p["t"] - start, 1) for p in dead_out if p["flags"] == "."],
        "deadRstAtS": next((round(p["t"] - start, 1) for p in dead_out if "R" in p["flags"]), None),
        "deadErrno": err,
        "aliveProbesAtS": [round(t, 1) for t in alive_probes],
    }
)

"""A peer in a second namespace that accepts connections and then goes silent (its address is
removed), shared by the experiments that watch retransmissions nobody answers."""
import subprocess
import sys

from common import peer_namespace

SERVER = """
import socket, time
socks = []
for port in (5000, 5001):
    s = socket.socket(); s.bind(("10.9.0.2", port)); s.listen(8); socks.append(s)
print("ready", flush=True)
time.sleep(600)
"""


def start():
    """Returns (silence, stop): silence() removes the peer's address, stop() ends its listener."""
    pid, nsexec = peer_namespace()
    server = subprocess.Popen(
        ["nsenter", "-t", str(pid), "-n", "--", sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True
    )
    assert server.stdout.readline().strip() == "ready"
    return (lambda: nsexec(["ip", "addr", "flush", "dev", "v1"])), server.kill

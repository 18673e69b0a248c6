"""TCP_USER_TIMEOUT = 3000 ms against a peer that went silent. Data left unacknowledged: a loss
probe, RTOs, the last one cut short, and ETIMEDOUT 3 s after the first retransmission, with no
RST. Keepalive (idle 2 s, interval 1 s, 9 probes): one probe, then at 3 s of silence a RST and
ETIMEDOUT, long before the 9 probes."""
import socket
import threading
import time

import silent_peer
from common import Capture, emit, enter_netns, errno_name, nstat, pcap_path

TCP_USER_TIMEOUT = 18
enter_netns()
silence, stop = silent_peer.start()
cap = Capture(pcap_path(), iface="v0", bpf="tcp")
data = socket.create_connection(("10.9.0.2", 5000))
data.setsockopt(socket.IPPROTO_TCP, TCP_USER_TIMEOUT, 3000)
ka = socket.socket()
ka.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
ka.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 2)
ka.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
ka.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 9)
ka.setsockopt(socket.IPPROTO_TCP, TCP_USER_TIMEOUT, 3000)
ka.connect(("10.9.0.2", 5001))
time.sleep(0.2)
silence()
results = {}


def wait_error(name, s, t0):
    s.settimeout(10)
    try:
        s.recv(1)
        results[name] = ("no error", None)
    except OSError as exc:
        results[name] = (errno_name(exc), time.monotonic() - t0)


t0 = time.monotonic()
data.send(b"d" * 100)
threads = [threading.Thread(target=wait_error, args=("data", data, t0)), threading.Thread(target=wait_error, args=("ka", ka, t0))]
for t in threads:
    t.start()
for t in threads:
    t.join()
counters = nstat()
pkts = cap.stop()
stop()
sent = [p for p in pkts if p["dport"] == 5000 and p["length"]]
first = sent[0]["t"]
ka_pkts = [p for p in pkts if p["dport"] == 5001]
ka_start = next(p["t"] for p in ka_pkts if p["flags"] == ".")
emit(
    {
        "dataSentAtS": [round(p["t"] - first, 2) for p in sent],
        "dataErrno": results["data"][0],
        "dataErrorAtS": round(results["data"][1], 2) if results["data"][1] is not None else None,
        "dataRst": any("R" in p["flags"] for p in pkts if p["dport"] == 5000),
        "keepaliveProbesAtS": [round(p["t"] - ka_start, 1) for p in ka_pkts if p["flags"] == "." and p["t"] > ka_start],
        "keepaliveRstAtS": next((round(p["t"] - ka_start, 1) for p in ka_pkts if "R" in p["flags"]), None),
        "keepaliveErrno": results["ka"][0],
        "TcpExtTCPAbortOnTimeout": counters.get("TcpExtTCPAbortOnTimeout", 0),
    }
)

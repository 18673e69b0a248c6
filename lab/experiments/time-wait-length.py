"""The side that closes first holds TIME_WAIT for 60 s; when the peer closes at once, the close is
three segments (FIN, FIN-ACK, ACK) and the active closer enters TIME_WAIT from FIN_WAIT1."""
import socket
import time

from common import Capture, emit, enter_netns, listener, pcap_path, ss, wait_until

enter_netns()
srv = listener(5000)
cap = Capture(pcap_path(), bpf="tcp port 5000")
c = socket.create_connection(("127.0.0.1", 5000))
a, _ = srv.accept()
c.sendall(b"x" * 100)
a.recv(100)
a.sendall(b"y" * 200)
c.recv(200)
port = c.getsockname()[1]
t0 = time.monotonic()
c.close()
a.recv(1)  # EOF
a.close()


def in_tw():
    return any(f"127.0.0.1:{port} " in l for l in ss("state", "time-wait"))


time.sleep(0.5)
entered = in_tw()
gone = wait_until(lambda: not in_tw(), 75, step=0.1)
pkts = cap.stop()
fin_i = next(i for i, p in enumerate(pkts) if "F" in p["flags"])
close_segments = len(pkts) - fin_i
emit(
    {
        "timeWaitSeconds": round(gone + 0.5, 2) if gone is not None else None,
        "enteredTimeWait": entered,
        "closeSegments": close_segments,
        "closeFlags": [p["flags"] for p in pkts[fin_i:]],
    }
)

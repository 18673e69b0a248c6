"""SO_LINGER {on, 0}: close() sends RST at once (no FIN), no TIME_WAIT is left, and the peer
sees ECONNRESET."""
import socket
import struct
import time

from common import Capture, emit, enter_netns, errno_name, listener, nstat, pcap_path, ss_count

enter_netns()
srv = listener(5000)
cap = Capture(pcap_path(), bpf="tcp port 5000")
c = socket.create_connection(("127.0.0.1", 5000))
a, _ = srv.accept()
c.sendall(b"q" * 10)
a.recv(10)
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
c.close()
time.sleep(0.1)
try:
    a.recv(10)
    peer = "no error"
except OSError as exc:
    peer = errno_name(exc)
pkts = cap.stop()
emit(
    {
        "clientSent": [p["flags"] for p in pkts if p["dport"] == 5000 and ("F" in p["flags"] or "R" in p["flags"])],
        "peerRecvError": peer,
        "timeWaitSockets": ss_count("state", "time-wait"),
        "TcpExtTCPAbortOnClose": nstat().get("TcpExtTCPAbortOnClose", 0),
    }
)

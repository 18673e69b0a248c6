"""close() with unread received data sends RST instead of FIN (RFC 9293 §3.6.1) and leaves no
TIME_WAIT; the peer's next recv() fails with ECONNRESET."""
import socket
import time

from common import Capture, emit, enter_netns, errno_name, listener, nstat, pcap_path, ss_count

enter_netns()
srv = listener(5000)
cap = Capture(pcap_path(), bpf="tcp port 5000")
c = socket.create_connection(("127.0.0.1", 5000))
a, _ = srv.accept()
a.sendall(b"z" * 100)  # the client never reads these 100 bytes
time.sleep(0.1)
c.close()
time.sleep(0.1)
try:
    a.recv(10)
    peer = "no error"
except OSError as exc:
    peer = errno_name(exc)
pkts = cap.stop()
fin_or_rst = [p["flags"] for p in pkts if p["dport"] == 5000 and ("F" in p["flags"] or "R" in p["flags"])]
emit(
    {
        "clientSent": fin_or_rst,
        "peerRecvError": peer,
        "timeWaitSockets": ss_count("state", "time-wait"),
        "TcpExtTCPAbortOnClose": nstat().get("TcpExtTCPAbortOnClose", 0),
    }
)

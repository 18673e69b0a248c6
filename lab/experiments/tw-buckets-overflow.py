"""With tcp_max_tw_buckets = 5, 12 client-first closes leave 5 TIME_WAIT sockets; the other 7 skip
TIME_WAIT and count in TcpExtTCPTimeWaitOverflow."""
import socket
import time

from common import Capture, emit, enter_netns, listener, nstat, pcap_path, ss_count, sysctl_set

enter_netns()
sysctl_set("net.ipv4.tcp_max_tw_buckets", 5)
srv = listener(5000)
cap = Capture(pcap_path(), bpf="tcp port 5000")
for _ in range(12):
    c = socket.create_connection(("127.0.0.1", 5000))
    a, _ = srv.accept()
    c.close()
    a.recv(1)
    a.close()
time.sleep(0.3)
cap.stop()
n = nstat()
emit(
    {
        "timeWaitSockets": ss_count("state", "time-wait"),
        "TcpExtTCPTimeWaitOverflow": n.get("TcpExtTCPTimeWaitOverflow", 0),
        "TcpExtTW": n.get("TcpExtTW", 0),
    }
)

"""With tcp_max_tw_buckets = 0 the closing client skips the orphaned FIN_WAIT2 too: when the
server closes later, its FIN finds no socket and is answered with a RST (15 closes, 15 RSTs)."""
import socket
import time

from common import Capture, emit, enter_netns, listener, nstat, pcap_path, ss_count, sysctl_set

enter_netns()
sysctl_set("net.ipv4.tcp_max_tw_buckets", 0)
srv = listener(5000)
cap = Capture(pcap_path(), bpf="tcp port 5000")
accepted = []
for _ in range(15):
    c = socket.create_connection(("127.0.0.1", 5000))
    a, _ = srv.accept()
    c.close()  # orphaned: FIN_WAIT2 would wait for the server's FIN
    accepted.append(a)
time.sleep(0.3)
fin_wait2 = ss_count("state", "fin-wait-2")
for a in accepted:
    a.recv(1)
    a.close()  # the server's FIN, 0.3 s later
time.sleep(0.3)
pkts = cap.stop()
n = nstat()
emit(
    {
        "finWait2Sockets": fin_wait2,
        "TcpExtTCPTimeWaitOverflow": n.get("TcpExtTCPTimeWaitOverflow", 0),
        "rstsToServerFin": len([p for p in pkts if "R" in p["flags"] and p["sport"] != 5000]),
        "timeWaitSockets": ss_count("state", "time-wait"),
    }
)

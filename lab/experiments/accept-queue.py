"""net.core.somaxconn = 5 caps listen(100) at 5; nobody calls accept(), so the accept queue holds
backlog + 1 = 6 connections and the SYNs of clients 7..10 are dropped (ListenOverflows)."""
import socket
import time

from common import Capture, emit, enter_netns, listener, nstat, pcap_path, ss, ss_count, sysctl_set

enter_netns()
sysctl_set("net.core.somaxconn", 5)
srv = listener(5000, backlog=100)
cap = Capture(pcap_path(), bpf="tcp port 5000")
clients = []
for i in range(10):
    c = socket.socket()
    c.setblocking(False)
    c.connect_ex(("127.0.0.1", 5000))
    clients.append(c)
    time.sleep(0.01)
# Look 0.3 s after the last SYN: well before any client retransmits its SYN (1 s after its first).
time.sleep(0.3)
listen_line = ss("-l", "sport", "= :5000")[0].split()
n = nstat()
established = ss_count("state", "established", "dport", "= :5000")
syn_sent = ss_count("state", "syn-sent", "dport", "= :5000")
cap.stop()
emit(
    {
        "listenSendQ": int(listen_line[2]),
        "acceptQueue": int(listen_line[1]),
        "clientsEstablished": established,
        "clientsSynSent": syn_sent,
        "TcpExtListenOverflows": n.get("TcpExtListenOverflows", 0),
        "TcpExtListenDrops": n.get("TcpExtListenDrops", 0),
    }
)

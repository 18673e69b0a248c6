"""tcp_tw_reuse 0/1/2 with timestamps on and off: after the ports are all in TIME_WAIT and 1.1 s
have passed, can connect() take one over? Only reuse 1 or 2 (on loopback) with timestamps."""
import socket
import time

from common import Capture, emit, enter_netns, errno_name, listener, nstat, pcap_path, sysctl_set

enter_netns()
sysctl_set("net.ipv4.ip_local_port_range", "40000 40003")
cap = Capture(pcap_path(), bpf="tcp[tcpflags] & (tcp-syn|tcp-rst) != 0")


def one(srv, port):
    c = socket.socket()
    try:
        c.connect(("127.0.0.1", port))
    except OSError as exc:
        c.close()
        return errno_name(exc)
    a, _ = srv.accept()
    c.close()
    a.recv(1)
    a.close()
    return "ok"


figures = {}
port = 5000
for ts in (1, 0):
    for reuse in (0, 1, 2):
        sysctl_set("net.ipv4.tcp_timestamps", ts)
        sysctl_set("net.ipv4.tcp_tw_reuse", reuse)
        srv = listener(port)
        fill = [one(srv, port) for _ in range(4)]
        assert fill == ["ok"] * 4, fill
        immediately = one(srv, port)
        time.sleep(1.1)
        later = one(srv, port)
        figures[f"reuse{reuse}ts{ts}Immediately"] = immediately
        figures[f"reuse{reuse}ts{ts}After1100ms"] = later
        srv.close()
        port += 1
figures["TcpExtTWRecycled"] = nstat().get("TcpExtTWRecycled", 0)
cap.stop()
emit(figures)

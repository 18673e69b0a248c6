"""With tcp_tw_reuse = 2 on loopback, a TIME_WAIT port can be taken over once it is
tcp_tw_reuse_delay old (1000 ms by default; 300 ms when set so)."""
import socket
import time

from common import emit, enter_netns, errno_name, listener, sysctl_set

enter_netns()
sysctl_set("net.ipv4.ip_local_port_range", "40000 40003")


def fill_and_wait(port):
    srv = listener(port)
    first_tw = None
    for _ in range(4):
        c = socket.create_connection(("127.0.0.1", port))
        a, _ = srv.accept()
        c.close()
        a.recv(1)
        a.close()
        if first_tw is None:
            first_tw = time.monotonic()  # the client's TIME_WAIT starts when the server's FIN arrives
    while time.monotonic() - first_tw < 5:
        c = socket.socket()
        try:
            c.connect(("127.0.0.1", port))
            return round((time.monotonic() - first_tw) * 1000)
        except OSError as exc:
            assert errno_name(exc) == "EADDRNOTAVAIL", exc
            c.close()
        time.sleep(0.005)
    return None


figures = {"reusableAfterMsDefault": fill_and_wait(5000)}
sysctl_set("net.ipv4.tcp_tw_reuse_delay", 300)
figures["reusableAfterMsDelay300"] = fill_and_wait(5001)
emit(figures)

"""With 10 local ports and tcp_tw_reuse = 0, a client that closes first gets 10 connections to one
destination, then EADDRNOTAVAIL at once; another destination port still gets 10; the first port
comes back when its TIME_WAIT ends, so capacity = ports / 60 s."""
import socket
import time

from common import Capture, emit, enter_netns, errno_name, listener, nstat, pcap_path, ss_count, sysctl_set, wait_until

enter_netns()
sysctl_set("net.ipv4.ip_local_port_range", "40000 40009")
sysctl_set("net.ipv4.tcp_tw_reuse", 0)
servers = [listener(5000), listener(5001)]
cap = Capture(pcap_path(), bpf="tcp port 5000")


def one(port):
    """A short connection that the client closes first. Returns the local port or an errno name."""
    c = socket.socket()
    try:
        c.connect(("127.0.0.1", port))
    except OSError as exc:
        c.close()
        return errno_name(exc)
    local = c.getsockname()[1]
    a, _ = servers[port - 5000].accept()
    c.close()
    a.recv(1)
    a.close()
    return local


first = [one(5000) for _ in range(10)]
t_full = time.monotonic()
time.sleep(0.2)
failed = one(5000)
t0 = time.monotonic()
timewait = ss_count("state", "time-wait")
other = [one(5001) for _ in range(10)]
# Poll once a second until a port toward :5000 is free again (its TIME_WAIT ended).
back = None
while time.monotonic() - t_full < 75:
    r = one(5000)
    if isinstance(r, int):
        back = time.monotonic() - t_full
        break
    time.sleep(0.25)
cap.stop()
emit(
    {
        "connectsBeforeFailure": len([p for p in first if isinstance(p, int)]),
        "errno": failed,
        "timeWaitSockets": timewait,
        "otherPortConnects": len([p for p in other if isinstance(p, int)]),
        "portBackAfterS": round(back, 1) if back is not None else None,
    }
)

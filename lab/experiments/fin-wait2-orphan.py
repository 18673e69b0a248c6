"""An orphaned FIN_WAIT2 (close() called, the peer never closes) lasts tcp_fin_timeout (here 3 s);
after shutdown(SHUT_WR) with the socket still open it has no timer and stays."""
import socket
import time

from common import emit, enter_netns, listener, ss, sysctl_set, wait_until

enter_netns()
sysctl_set("net.ipv4.tcp_fin_timeout", 3)
srv = listener(5000)
orphan = socket.create_connection(("127.0.0.1", 5000))
a1, _ = srv.accept()
held = socket.create_connection(("127.0.0.1", 5000))
a2, _ = srv.accept()
p_orphan, p_held = orphan.getsockname()[1], held.getsockname()[1]
t0 = time.monotonic()
orphan.close()
held.shutdown(socket.SHUT_WR)


def line(port):
    return next((l for l in ss("-o", "state", "fin-wait-2") if f":{port} " in l), None)


time.sleep(0.2)
orphan_timer = "timewait" if "timer:(timewait" in (line(p_orphan) or "") else "none"
held_timer = "timewait" if "timer:(" in (line(p_held) or "") else "none"


def in_proc_net_tcp(port):
    """Whether /proc/net/tcp (read in-process, far cheaper than running ss) lists the local port."""
    needle = ":%04X " % port
    with open("/proc/net/tcp") as f:
        return any(l.split()[1].endswith(needle.strip()) for l in f.readlines()[1:])


wait_until(lambda: not in_proc_net_tcp(p_orphan), 10, step=0.01)
gone = time.monotonic() - t0  # from close(), whatever the ss calls above cost
time.sleep(max(0, 6 - (time.monotonic() - t0)))
emit(
    {
        "orphanFinWait2Seconds": round(gone, 2),
        "orphanTimer": orphan_timer,
        "shutdownTimer": held_timer,
        "shutdownStillFinWait2At6s": line(p_held) is not None,
    }
)

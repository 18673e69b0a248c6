"""With ip_local_port_range = 1024 65000, connect() takes even ports and bind(0) odd ones."""
import socket

from common import emit, enter_netns, listener, sysctl_set

enter_netns()
sysctl_set("net.ipv4.ip_local_port_range", "1024 65000")
srv = listener(5000)
bound, connected, keep = [], [], []
for _ in range(8):
    b = socket.socket()
    b.bind(("127.0.0.1", 0))
    bound.append(b.getsockname()[1])
    keep.append(b)
for _ in range(8):
    c = socket.create_connection(("127.0.0.1", 5000))
    connected.append(c.getsockname()[1])
    keep.append(c)


def parity(ports):
    kinds = {p % 2 for p in ports}
    return "even" if kinds == {0} else "odd" if kinds == {1} else "mixed"


emit({"connectParity": parity(connected), "bindParity": parity(bound)})

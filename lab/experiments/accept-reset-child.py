"""A connection reset by the peer while it waits in the accept queue is still returned by accept()
(inet_csk_accept() hands out whatever is queued); recv() then gives the data that arrived before
the reset, then ECONNRESET once, then end of file, and SO_ERROR is 0 afterwards."""
import socket
import struct
import time

from common import emit, enter_netns, errno_name, listener

enter_netns()
srv = listener(5000)
c = socket.create_connection(("127.0.0.1", 5000))
c.sendall(b"x" * 10)
time.sleep(0.1)
# SO_LINGER {1, 0}: close() sends RST instead of FIN.
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
c.close()
time.sleep(0.1)
srv.settimeout(2)
try:
    a, _ = srv.accept()
    accepted = True
except OSError:
    accepted = False
reads = []
if accepted:
    for _ in range(3):
        try:
            reads.append(len(a.recv(100)))
        except OSError as exc:
            reads.append(errno_name(exc))
so_error = a.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) if accepted else -1
emit({"acceptReturned": accepted, "recvResults": reads, "soErrorAfter": so_error})

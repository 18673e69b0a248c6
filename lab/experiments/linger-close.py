"""SO_LINGER with a time: close() blocks until the FIN is acknowledged (at once, by a live peer)
or until the linger time runs out (a silent peer, 1 s, even on a non-blocking socket); either way
it returns 0, and the socket carries on in FIN-WAIT-2 or FIN-WAIT-1."""
import socket
import struct
import time

import silent_peer
from common import Capture, emit, enter_netns, errno_name, pcap_path, ss

enter_netns()
silence, stop = silent_peer.start()
cap = Capture(pcap_path(), iface="v0", bpf="tcp")


def linger_close(port, secs, nonblocking):
    s = socket.create_connection(("10.9.0.2", port))
    if nonblocking:
        s.setblocking(False)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, secs))
    return s


def close(s, port):
    t0 = time.monotonic()
    try:
        s.close()
        ret = 0
    except OSError as exc:
        ret = errno_name(exc)
    took = time.monotonic() - t0
    state = [line.split()[0] for line in ss("dport", "= %d" % port)]
    return round(took, 2), ret, state[0] if state else "gone"


live = linger_close(5000, 3, False)
live_took, live_ret, live_state = close(live, 5000)
quiet = linger_close(5001, 1, True)
time.sleep(0.2)
silence()
quiet_took, quiet_ret, quiet_state = close(quiet, 5001)
cap.stop()
stop()
emit(
    {
        "liveCloseTookS": live_took,
        "liveCloseReturned": live_ret,
        "liveStateAfter": live_state,
        "silentCloseTookS": quiet_took,
        "silentCloseReturned": quiet_ret,
        "silentStateAfter": quiet_state,
    }
)

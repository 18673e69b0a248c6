"""50 spoofed SYNs against listen(8): the request queue holds backlog + 1 = 9; the other 41 get SYN
cookies (tcp_syncookies = 1) or are dropped (0). With tcp_syncookies = 0 and listen(4096),
tcp_max_syn_backlog = 16 stops the queue at 13 (SYNs are dropped once it passes 3/4 of 16)."""
import time

from common import Capture, emit, enter_netns, listener, nstat, pcap_path, silent_sink, ss_count, sysctl_set
from importlib import import_module

raw_syn = import_module("synack-retries").raw_syn

enter_netns()
silent_sink()
cap = Capture(pcap_path(), iface="v0", bpf="tcp port 5001")
figures = {}
cases = [("cookies1", 1, 2048, 8, 5001), ("cookies0", 0, 2048, 8, 5002), ("cookies0MaxSynBacklog16", 0, 16, 4096, 5003)]
for name, cookies, max_syn, backlog, port in cases:
    sysctl_set("net.ipv4.tcp_syncookies", cookies)
    sysctl_set("net.ipv4.tcp_max_syn_backlog", max_syn)
    srv = listener(port, backlog=backlog, addr="10.9.0.1")
    before = nstat()
    for i in range(50):
        raw_syn("10.9.0.2", "10.9.0.1", 41000 + i, port, 1000 + i)
    time.sleep(0.3)
    after = nstat()

    def delta(k):
        return after.get(k, 0) - before.get(k, 0)

    figures[name + "RequestSockets"] = ss_count("state", "syn-recv", "sport", f"= :{port}")
    figures[name + "CookiesSent"] = delta("TcpExtSyncookiesSent")
    figures[name + "ReqQFullDrop"] = delta("TcpExtTCPReqQFullDrop")
    figures[name + "ListenDrops"] = delta("TcpExtListenDrops")
cap.stop()
emit(figures)

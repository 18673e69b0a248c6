"""Simultaneous open, with a scripted peer on a veth (AF_PACKET, no stack of its own): the host's
SYN crosses the peer's SYN; the host answers with a SYN-ACK (SYN_RECV), where write() fails with
EAGAIN; the peer's SYN-ACK, whose SYN repeats its first one, completes the handshake: the host
sends an ACK, becomes writable, and its data goes out."""
import select
import socket
import struct

from common import emit, enter_netns, link_address, silent_sink, sysctl_set

enter_netns()
sysctl_set("net.ipv4.tcp_timestamps", 0)
silent_sink()
MAC0 = bytes.fromhex(link_address("v0").replace(":", ""))
MAC1 = bytes.fromhex(link_address("v1").replace(":", ""))
pk = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
pk.bind(("v1", 0))
pk.settimeout(2)

def csum(b):
    if len(b) % 2: b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff

def frame(sport, dport, seq, ack, flags, opts=b""):
    off = (20 + len(opts)) // 4
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, off << 4, flags, 65535, 0, 0) + opts
    src, dst = socket.inet_aton("10.9.0.2"), socket.inet_aton("10.9.0.1")
    c = csum(src + dst + struct.pack("!BBH", 0, 6, len(tcp)) + tcp)
    tcp = tcp[:16] + struct.pack("!H", c) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return MAC0 + MAC1 + b"\x08\x00" + ip + tcp

def recv_tcp():
    while True:
        d = pk.recv(2000)
        ip = d[14:]
        if ip[9] != 6: continue
        ihl = (ip[0] & 15) * 4
        t = ip[ihl:]
        sport, dport, seq, ack, off, fl = struct.unpack("!HHIIBB", t[:14])
        plen = len(ip) - ihl - (off >> 4) * 4
        return {"sport": sport, "dport": dport, "seq": seq, "ack": ack, "flags": fl, "len": struct.unpack("!H", ip[2:4])[0] - ihl - (off >> 4) * 4}

fl = lambda f: "".join(n for b, n in ((2, "S"), (1, "F"), (4, "R"), (8, "P"), (16, ".")) if f & b)
log = []
s = socket.socket(); s.setblocking(False)
s.connect_ex(("10.9.0.2", 8080))
syn = recv_tcp(); log.append((fl(syn["flags"]), 0))
isn = syn["seq"]; hp = syn["sport"]
MSS = struct.pack("!BBH", 2, 4, 1460)
pk.send(frame(8080, hp, 1000, 0, 0x02, MSS))             # peer's own SYN (crossing)
sa = recv_tcp(); log.append((fl(sa["flags"]), (sa["seq"] - isn) & 0xffffffff, sa["ack"] - 1000))
try: s.send(b"x" * 10); log.append("write ok")
except OSError as e: log.append("write " + ("EAGAIN" if e.errno == 11 else str(e.errno)))
pk.send(frame(8080, hp, 1000, isn + 1, 0x12, MSS))       # peer's SYN-ACK, same seq as its SYN
for _ in range(2):
    try:
        r = recv_tcp(); log.append((fl(r["flags"]), (r["seq"] - isn) & 0xffffffff, r["ack"] - 1000, r["len"]))
    except socket.timeout: log.append("timeout"); break
    if r["len"] == 0 and "P" not in fl(r["flags"]):
        _, w, _ = select.select([], [s], [], 1)
        log.append("writable" if w else "not writable")
        try: s.send(b"y" * 10)
        except OSError as e: log.append("send: %d" % e.errno)

def show(x):
    if isinstance(x, str):
        return x
    return "%s %d ack %d" % (x[0], x[1], x[2]) + (" len %d" % x[3] if len(x) > 3 and x[3] else "")


emit({"exchange": [show(x) if not isinstance(x, tuple) or len(x) > 2 else "%s %d" % x for x in log]})

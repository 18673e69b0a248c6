"""Helpers shared by the kernel experiments (standard library only).

Every experiment calls enter_netns() first: the script re-executes itself under
`unshare -n`, so it runs in a fresh network namespace whose sysctls start from
the kernel's compiled-in defaults, and brings loopback up. Nothing it changes
reaches the host. It prints one JSON object on stdout: {"figures": {...}}.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

ERRNO_NAMES = {v: k for k, v in vars(__import__("errno")).items() if k.startswith("E") and isinstance(v, int)}


def enter_netns():
    if os.environ.get("LAB_IN_NETNS") != "1":
        env = dict(os.environ, LAB_IN_NETNS="1")
        os.execvpe("unshare", ["unshare", "-n", "--", sys.executable, *sys.argv], env)
    run(["ip", "link", "set", "lo", "up"])


def pcap_path():
    """Where the runner wants the capture (argv[1]); None: keep no capture."""
    return sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else None


def run(cmd, check=True):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr.strip()}")
    return p


def sysctl_path(name):
    return "/proc/sys/" + name.replace(".", "/")


def sysctl_set(name, value):
    with open(sysctl_path(name), "w") as f:
        f.write(str(value))


def sysctl_get(name):
    with open(sysctl_path(name)) as f:
        return " ".join(f.read().split())


def nstat():
    """Absolute counters of this namespace (a fresh namespace starts at zero)."""
    out = run(["nstat", "-asz"]).stdout
    counters = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            counters[parts[0]] = int(parts[1])
    return counters


def ss(*args):
    """Lines of `ss -tan <args>` without the header."""
    return run(["ss", "-tanH", *args]).stdout.splitlines()


def ss_count(*args):
    """How many sockets `ss -tan <filter>` lists."""
    return len([line for line in ss(*args) if line.strip()])


def errno_name(exc):
    return ERRNO_NAMES.get(getattr(exc, "errno", None), str(exc))


class Capture:
    """tcpdump -w on one interface; headers only (snap length 128) to keep pcaps small."""

    def __init__(self, path, iface="lo", bpf="tcp"):
        self.path = path or "/tmp/lab-%d.pcap" % os.getpid()
        self.keep = path is not None
        self.proc = subprocess.Popen(
            ["tcpdump", "-Z", "root", "--immediate-mode", "-i", iface, "-s", "128", "-U", "-nn", "-w", self.path, bpf],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        # tcpdump says "listening on" once the capture is armed.
        line = self.proc.stderr.readline()
        while line and "listening" not in line and "tcpdump:" in line:
            line = self.proc.stderr.readline()
        if "listening" not in line:
            raise RuntimeError("tcpdump did not start: " + line)

    def stop(self):
        time.sleep(0.2)
        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(timeout=10)
        pkts = read_pcap(self.path)
        if not self.keep:
            os.unlink(self.path)
        return pkts


PKT_RE = re.compile(
    r"^(?P<t>\d+\.\d+) .*?IP (?P<src>[\d.]+)\.(?P<sport>\d+) > (?P<dst>[\d.]+)\.(?P<dport>\d+): "
    r"Flags \[(?P<flags>[^\]]*)\](?P<rest>.*)$"
)


def read_pcap(path):
    """Packets as dicts: t, src, sport, dst, dport, flags (tcpdump letters), seq, ack, win, options, length."""
    out = run(["tcpdump", "-r", path, "-nn", "-tt", "-S", "-v"], check=False).stdout
    # -v puts the IP header on one line and the TCP part on the next: join them.
    lines, pkts = [], []
    for line in out.splitlines():
        if line.startswith(" ") and lines:
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    for line in lines:
        m = re.match(r"^(\d+\.\d+) IP .*?\)\s+(.*)$", line)
        if not m:
            continue
        flat = m.group(1) + " IP " + m.group(2)
        p = PKT_RE.match(flat)
        if not p:
            continue
        rest = p.group("rest")
        pkt = {
            "t": float(p.group("t")),
            "src": p.group("src"),
            "sport": int(p.group("sport")),
            "dst": p.group("dst"),
            "dport": int(p.group("dport")),
            "flags": p.group("flags"),
        }
        for key in ("seq", "ack", "win", "length"):
            mm = re.search(r"\b%s (\d+)" % key, rest)
            pkt[key] = int(mm.group(1)) if mm else None
        mm = re.search(r"seq (\d+):(\d+)", rest)
        if mm:
            pkt["seq"] = int(mm.group(1))
        mm = re.search(r"options \[([^\]]*)\]", rest)
        pkt["options"] = mm.group(1) if mm else ""
        pkts.append(pkt)
    return pkts


def listener(port, backlog=128, addr="127.0.0.1"):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(backlog)
    return s


def wait_until(pred, timeout, step=0.05):
    """Poll pred() until true; returns seconds waited, or None on timeout."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if pred():
            return time.monotonic() - t0
        time.sleep(step)
    return None


def peer_namespace():
    """A second fresh namespace joined by a veth pair: here v0 = 10.9.0.1/24, there v1 = 10.9.0.2/24.

    Returns (pid, nsexec) where nsexec(cmd) runs a command inside the peer namespace.
    The holder process (sleep) keeps the namespace alive; it is killed at exit.
    """
    holder = subprocess.Popen(["unshare", "-n", "--", "sleep", "3600"])
    time.sleep(0.2)
    pid = holder.pid

    def nsexec(cmd, check=True):
        return run(["nsenter", "-t", str(pid), "-n", "--", *cmd], check=check)

    run(["ip", "link", "add", "v0", "type", "veth", "peer", "name", "v1"])
    run(["ip", "link", "set", "v1", "netns", str(pid)])
    run(["ip", "addr", "add", "10.9.0.1/24", "dev", "v0"])
    run(["ip", "link", "set", "v0", "up"])
    nsexec(["ip", "link", "set", "lo", "up"])
    nsexec(["ip", "addr", "add", "10.9.0.2/24", "dev", "v1"])
    nsexec(["ip", "link", "set", "v1", "up"])
    mac = re.search(r"link/ether (\S+)", nsexec(["ip", "-o", "link", "show", "v1"]).stdout).group(1)
    # A permanent neighbour entry: packets keep leaving v0 (and show in the capture)
    # even after the peer stops answering ARP.
    run(["ip", "neigh", "replace", "10.9.0.2", "lladdr", mac, "dev", "v0", "nud", "permanent"])
    import atexit

    atexit.register(lambda: holder.kill())
    return pid, nsexec


def link_address(dev):
    """MAC address of an interface of this namespace (/sys still shows the host's)."""
    return re.search(r"link/ether (\S+)", run(["ip", "-o", "link", "show", dev]).stdout).group(1)


def silent_sink():
    """A veth pair inside this namespace: v0 = 10.9.0.1/24 here, v1 up with no address.

    Packets sent to 10.9.0.2 leave v0 (and are captured there) and are dropped by v1,
    which has no address and does not forward: a peer that never answers.
    """
    run(["ip", "link", "add", "v0", "type", "veth", "peer", "name", "v1"])
    run(["ip", "addr", "add", "10.9.0.1/24", "dev", "v0"])
    run(["ip", "link", "set", "v0", "up"])
    run(["ip", "link", "set", "v1", "up"])
    mac = link_address("v1")
    run(["ip", "neigh", "replace", "10.9.0.2", "lladdr", mac, "dev", "v0", "nud", "permanent"])
    sysctl_set("net.ipv4.conf.v1.rp_filter", 0)


def emit(figures, **extra):
    json.dump({"figures": figures, **extra}, sys.stdout)
    sys.stdout.write("\n")

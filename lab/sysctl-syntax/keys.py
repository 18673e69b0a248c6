#!/usr/bin/env python3
"""Write src/sysctl-review/mainline-keys.json: every sysctl name under
net.ipv4., net.ipv6. and net.core. that this kernel has, read with
`sysctl -a` in a fresh network namespace (unshare -n, needs root) and in the
initial namespace (keys that are global to the machine, such as
net.core.netdev_max_backlog or net.ipv4.tcp_mem, exist only there).

Interface names in net.ipv{4,6}.conf.<if>. and net.ipv{4,6}.neigh.<if>. are
replaced by "*", since the reader's interfaces are not ours.
Usage: python3 lab/sysctl-syntax/keys.py
"""
import json, os, platform, re, subprocess

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "sysctl-review", "mainline-keys.json")
PREFIX = re.compile(r"^net\.(ipv4|ipv6|core)\.")
IFACE = re.compile(r"^(net\.ipv[46]\.(?:conf|neigh))\.[^.]+\.")


def keys(argv):
    out = subprocess.run(argv + ["sysctl", "-a", "-N"], capture_output=True, text=True).stdout
    return sorted({IFACE.sub(r"\1.*.", k) for k in out.split() if PREFIX.match(k)})


def main():
    fresh = keys(["unshare", "-n", "--"])
    init = keys([])
    doc = {
        "kernel": platform.release(),
        "procps": subprocess.run(["sysctl", "--version"], capture_output=True, text=True).stdout.strip(),
        "generator": "lab/sysctl-syntax/keys.py",
        "perNamespace": fresh,
        "initNamespaceOnly": [k for k in init if k not in set(fresh)],
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"{len(fresh)} per-namespace keys, {len(doc['initNamespaceOnly'])} global keys, kernel {doc['kernel']}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Run each sysctl.conf syntax case through procps `sysctl -p FILE` and
`systemd-sysctl FILE`, each in a fresh network namespace (unshare -n, needs
root), and record stdout, stderr, exit status and the values read back
afterwards as tests/fixtures/sysctl/syntax-cases.json.

Only per-network-namespace net.ipv4.* keys are used, so nothing on the host
changes. Usage: python3 lab/sysctl-syntax/record.py
"""
import json, os, platform, subprocess, tempfile

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "sysctl", "syntax-cases.json")
SYSTEMD_SYSCTL = "/lib/systemd/systemd-sysctl"

# name -> (file text, keys to read back after applying)
CASES = {
    "inline-hash": ("net.ipv4.tcp_fin_timeout = 30 # shorter FIN_WAIT_2\n", ["net.ipv4.tcp_fin_timeout"]),
    "inline-semicolon": ("net.ipv4.tcp_fin_timeout = 30 ; comment\n", ["net.ipv4.tcp_fin_timeout"]),
    "comment-lines": ("# hash comment\n; semicolon comment\n   # indented\nnet.ipv4.tcp_fin_timeout = 30\n", ["net.ipv4.tcp_fin_timeout"]),
    "dash-unknown": ("-net.ipv4.tcp_tw_recycle = 1\nnet.ipv4.tcp_fin_timeout = 30\n", ["net.ipv4.tcp_fin_timeout"]),
    "dash-invalid": ("-net.ipv4.tcp_tw_reuse = 9\n", ["net.ipv4.tcp_tw_reuse"]),
    "dash-valid": ("-net.ipv4.tcp_fin_timeout = 30\n", ["net.ipv4.tcp_fin_timeout"]),
    "quoted-double": ('net.ipv4.tcp_fin_timeout = "30"\n', ["net.ipv4.tcp_fin_timeout"]),
    "quoted-single": ("net.ipv4.tcp_fin_timeout = '30'\n", ["net.ipv4.tcp_fin_timeout"]),
    "quoted-range": ('net.ipv4.ip_local_port_range = "20000 40001"\n', ["net.ipv4.ip_local_port_range"]),
    "tabs": ("net.ipv4.tcp_fin_timeout\t=\t30\nnet.ipv4.ip_local_port_range =\t20000\t40001\n", ["net.ipv4.tcp_fin_timeout", "net.ipv4.ip_local_port_range"]),
    "nbsp-value": ("net.ipv4.tcp_fin_timeout =\u00a030\n", ["net.ipv4.tcp_fin_timeout"]),
    "nbsp-key": ("net.ipv4.tcp_fin_timeout\u00a0= 30\n", ["net.ipv4.tcp_fin_timeout"]),
    "crlf": ("net.ipv4.tcp_fin_timeout = 30\r\nnet.ipv4.tcp_tw_reuse = 1\r\n", ["net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_tw_reuse"]),
    "slash-separators": ("net/ipv4/tcp_fin_timeout = 30\n", ["net.ipv4.tcp_fin_timeout"]),
    "no-equals": ("net.ipv4.tcp_fin_timeout 30\nnet.ipv4.tcp_tw_reuse = 1\n", ["net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_tw_reuse"]),
    "empty-value": ("net.ipv4.tcp_fin_timeout =\nnet.ipv4.tcp_tw_reuse = 1\n", ["net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_tw_reuse"]),
    "unknown-vendor-key": ("net.ipv4.tcp_tw_timeout = 10\n", []),
    "unknown-core-key": ("net.core.somaxconnn = 4096\n", []),
    "tw-recycle": ("net.ipv4.tcp_tw_recycle = 1\n", []),
    "invalid-earlier-duplicate": ("net.ipv4.tcp_tw_reuse = 9\nnet.ipv4.tcp_tw_reuse = 1\n", ["net.ipv4.tcp_tw_reuse"]),
    "invalid-last-duplicate": ("net.ipv4.tcp_tw_reuse = 0\nnet.ipv4.tcp_tw_reuse = 9\n", ["net.ipv4.tcp_tw_reuse"]),
    "syncookies-3": ("net.ipv4.tcp_syncookies = 3\n", ["net.ipv4.tcp_syncookies"]),
    "syncookies-255": ("net.ipv4.tcp_syncookies = 255\n", ["net.ipv4.tcp_syncookies"]),
    "syncookies-256": ("net.ipv4.tcp_syncookies = 256\n", ["net.ipv4.tcp_syncookies"]),
    "syncookies-negative": ("net.ipv4.tcp_syncookies = -1\n", ["net.ipv4.tcp_syncookies"]),
    "restates-defaults": ("net.ipv4.tcp_tw_reuse = 2\nnet.ipv4.tcp_syncookies = 1\n", ["net.ipv4.tcp_tw_reuse", "net.ipv4.tcp_syncookies"]),
    "bare-name": ("tcp_syncookies = 1\n", []),
    "trailing-words": ("net.ipv4.tcp_fin_timeout = 30 seconds\n", ["net.ipv4.tcp_fin_timeout"]),
    "empty-key": ("= 30\nnet.ipv4.tcp_tw_reuse = 1\n", ["net.ipv4.tcp_tw_reuse"]),
    "quoted-key": ('"net.ipv4.tcp_fin_timeout" = 30\n', ["net.ipv4.tcp_fin_timeout"]),
    "port-range-comment": ("net.ipv4.ip_local_port_range = 20000 40001 # wider\n", ["net.ipv4.ip_local_port_range"]),
    "not-a-number": ("net.ipv4.tcp_fin_timeout = thirty\n", ["net.ipv4.tcp_fin_timeout"]),
}


def run(argv, path, keys):
    script = '"$@" >"$OUTF" 2>"$ERRF"; echo $? >"$RCF"; for k in %s; do sysctl -n "$k" >>"$READF" 2>&1; done' % " ".join(keys)
    with tempfile.TemporaryDirectory() as d:
        env = dict(os.environ, OUTF=f"{d}/o", ERRF=f"{d}/e", RCF=f"{d}/r", READF=f"{d}/k", LC_ALL="C")
        open(f"{d}/k", "w").close()
        subprocess.run(["unshare", "-n", "--", "sh", "-c", script, "sh", *argv, path], env=env, check=True)
        read = lambda n: open(f"{d}/{n}", encoding="utf-8", errors="replace").read()
        values = read("k").splitlines()
        return {
            "stdout": read("o").replace(path, "FILE"),
            "stderr": read("e").replace(path, "FILE"),
            "status": int(read("r")),
            "after": {k: v.replace("\t", " ") for k, v in zip(keys, values)},
        }


def version(argv):
    return subprocess.run(argv, capture_output=True, text=True).stdout.splitlines()[0].strip()


def main():
    results = {}
    with tempfile.TemporaryDirectory() as d:
        for name, (text, keys) in CASES.items():
            path = os.path.join(d, f"{name}.conf")
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            results[name] = {
                "text": text,
                "procps": run(["sysctl", "-p"], path, keys),
                "systemd": run([SYSTEMD_SYSCTL], path, keys),
            }
    doc = {
        "kernel": platform.release(),
        "procps": version(["sysctl", "--version"]),
        "systemd": version([SYSTEMD_SYSCTL, "--version"]),
        "generator": "lab/sysctl-syntax/record.py",
        "cases": results,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()

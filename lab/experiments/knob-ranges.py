"""Which values the kernel accepts when the knobs are written (write to /proc/sys, read back)."""
from common import emit, enter_netns, errno_name, sysctl_get, sysctl_set

WRITES = [
    ("net.ipv4.tcp_syncookies", "3"),
    ("net.ipv4.tcp_syncookies", "200"),
    ("net.ipv4.tcp_max_syn_backlog", "0"),
    ("net.ipv4.tcp_fin_timeout", "0"),
    ("net.ipv4.tcp_fin_timeout", "-1"),
    ("net.ipv4.tcp_tw_reuse", "3"),
    ("net.ipv4.tcp_timestamps", "3"),
    ("net.ipv4.tcp_syn_retries", "0"),
    ("net.ipv4.tcp_syn_retries", "128"),
    ("net.ipv4.ip_local_port_range", "1000 65000"),
    ("net.ipv4.ip_local_port_range", "1024 65000"),
    ("net.ipv4.ip_local_port_range", "40000 30000"),
    ("net.ipv4.tcp_rto_max_ms", "999"),
    ("net.ipv4.tcp_rto_max_ms", "1000"),
    ("net.ipv4.tcp_rto_max_ms", "120001"),
    ("net.ipv4.tcp_sack", "2"),
]

enter_netns()
figures = {}
for knob, value in WRITES:
    before = sysctl_get(knob)
    try:
        sysctl_set(knob, value)
        outcome = "accepted" if sysctl_get(knob) == " ".join(value.split()) else "changed to " + sysctl_get(knob)
    except OSError as exc:
        outcome = errno_name(exc)
    figures[f"{knob}={value}"] = outcome
    try:
        sysctl_set(knob, before)
    except OSError:
        pass
emit(figures)

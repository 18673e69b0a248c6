"""Every knob the site discusses, read in a fresh network namespace."""
from common import emit, enter_netns, sysctl_get

KNOBS = [
    "net.ipv4.tcp_syncookies",
    "net.ipv4.tcp_tw_reuse",
    "net.ipv4.tcp_tw_reuse_delay",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.tcp_max_syn_backlog",
    "net.ipv4.tcp_max_tw_buckets",
    "net.ipv4.tcp_syn_retries",
    "net.ipv4.tcp_syn_linear_timeouts",
    "net.ipv4.tcp_synack_retries",
    "net.ipv4.tcp_timestamps",
    "net.ipv4.tcp_invalid_ratelimit",
    "net.ipv4.tcp_rfc1337",
    "net.core.somaxconn",
    "net.ipv4.tcp_tw_recycle",
    "net.ipv4.tcp_sack",
    "net.ipv4.tcp_rto_max_ms",
    "net.ipv4.tcp_abort_on_overflow",
]

enter_netns()
figures = {}
for knob in KNOBS:
    try:
        figures[knob] = sysctl_get(knob)
    except FileNotFoundError:
        figures[knob] = "absent"
emit(figures)

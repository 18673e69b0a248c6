"""The article's sysctl block (blog-sysctl.conf) applied with `sysctl -p` in a fresh namespace."""
import os

from common import emit, enter_netns, run

enter_netns()
conf = os.path.join(os.path.dirname(os.path.abspath(__file__)), "blog-sysctl.conf")
p = run(["sysctl", "-p", conf], check=False)
emit(
    {
        "exitStatus": p.returncode,
        "linesApplied": len([l for l in p.stdout.splitlines() if " = " in l]),
        "errors": [l.strip() for l in p.stderr.splitlines() if l.strip()],
    }
)

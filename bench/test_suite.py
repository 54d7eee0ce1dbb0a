"""Time `make test` on a machine whose speed changes while you measure it.

    .venv/bin/python bench/test_suite.py [--repeat 2] [-- make test PYTEST_ARGS=...]

This 2-core machine is shared: the same 20-million-step Python loop took 1.5 s at one
hour and 2.6 s at the next, and the suite's wall time moved with it (155 s to 205 s for
the same commit). So each run prints, beside its wall time, what the whole machine
spent (busy and idle core-seconds from /proc/stat, Chromium's processes included) and
the loop's time just before and after it. Busy core-seconds divided by the loop's time
is the suite's work in loop units: it moves less with the machine's speed than the wall
time does (here about ±6 % between runs of one commit, against ±15 %), so compare that
figure between commits, over several runs, and the wall time only between runs whose
loop times agree.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ["make", "test", "PYTEST_ARGS=-p no:cacheprovider -q"]
LOOP = "x = 0\nfor i in range(20_000_000):\n    x += i\n"


def loop_seconds() -> float:
    """The machine's speed right now: the loop's wall time in a fresh interpreter."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", LOOP], check=True)
    return time.perf_counter() - started


def cpu_times() -> tuple[float, float]:
    """(busy, idle) core-seconds of the whole machine since boot (Linux /proc/stat)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    ticks = 100  # USER_HZ
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields) - idle) / ticks, idle / ticks


def run_once(command: list[str]) -> dict:
    before_loop = loop_seconds()
    busy0, idle0 = cpu_times()
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    busy1, idle1 = cpu_times()
    after_loop = loop_seconds()
    summary = next(
        (line for line in reversed(result.stdout.splitlines()) if " in " in line), "(no summary)"
    )
    loop = (before_loop + after_loop) / 2
    return {
        "rc": result.returncode,
        "wall": wall,
        "busy": busy1 - busy0,
        "idle": idle1 - idle0,
        "loops": (before_loop, after_loop),
        "work": (busy1 - busy0) / loop,
        "summary": summary.strip("= "),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("command", nargs="*", help="what to time (default: make test)")
    args = parser.parse_args()
    command = args.command or DEFAULT
    print("command:", shlex.join(command))
    print(
        f"{'run':>3}  {'wall s':>7}  {'busy core-s':>11}  {'idle':>5}  {'loop s':>11}  "
        f"{'work':>5}  pytest"
    )
    failed = False
    for number in range(1, args.repeat + 1):
        run = run_once(command)
        failed |= run["rc"] != 0
        loops = "{:.2f}/{:.2f}".format(*run["loops"])
        print(
            f"{number:>3}  {run['wall']:7.1f}  {run['busy']:11.1f}  {run['idle']:5.1f}  "
            f"{loops:>11}  {run['work']:5.0f}  {run['summary']}",
            flush=True,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

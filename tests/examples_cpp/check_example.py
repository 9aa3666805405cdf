#!/usr/bin/env python3
"""Runs one C++ example program, bounded in time, and checks its stdout against an expected-output file.

    check_example.py --expect FILE [--timeout S] -- PROGRAM [ARGS...]

The expected file holds the output line by line. In it, `{backend}` stands for the value of the program's
--backend argument, and a line starting with `re:` is a regular expression the whole output line must match
(for numbers that depend on a real clock). Exit 0 when the program exits 0 in time and every line matches.
"""
import argparse
import re
import subprocess
import sys


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--expect", required=True)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.command[1:] if a.command and a.command[0] == "--" else a.command
    if not cmd:
        ap.error("no program given")
    backend = cmd[cmd.index("--backend") + 1] if "--backend" in cmd[:-1] else ""

    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=a.timeout)
    except subprocess.TimeoutExpired:
        print(f"FAIL: {' '.join(cmd)} did not finish within {a.timeout:g} s")
        return 1
    if proc.returncode != 0:
        print(f"FAIL: {' '.join(cmd)} exited with {proc.returncode}\n--- stderr\n{proc.stderr}--- stdout\n{proc.stdout}")
        return 1

    with open(a.expect, encoding="utf-8") as f:
        expected = [line.rstrip("\n").replace("{backend}", backend) for line in f]
    got = proc.stdout.splitlines()
    problems = []
    for i in range(max(len(expected), len(got))):
        want = expected[i] if i < len(expected) else "<end of output>"
        have = got[i] if i < len(got) else "<end of output>"
        ok = re.fullmatch(want[3:], have) is not None if want.startswith("re:") else want == have
        if not ok:
            problems.append(f"line {i + 1}:\n  expected: {want}\n  got:      {have}")
    if problems:
        print(f"FAIL: {' '.join(cmd)}\n" + "\n".join(problems[:10]) + f"\n--- full output\n{proc.stdout}")
        return 1
    print(f"ok: {' '.join(cmd)} ({len(got)} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

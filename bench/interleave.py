#!/usr/bin/env python3
"""Times commands interleaved, so a change in the machine's load reaches them alike.

Usage: python3 bench/interleave.py RUNS 'COMMAND' 'COMMAND' ...
  Each round runs every command once, in the order given, spawning and reaping the
  child directly (bench.run_once, output discarded); prints each command's median wall
  time and its ratio to the first command's (the baseline).
"""

import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    runs = int(sys.argv[1])
    cmds = [c.split() for c in sys.argv[2:]]
    walls = [[] for _ in cmds]
    for c in cmds:
        bench.run_once(c)
    for _ in range(runs):
        for k, c in enumerate(cmds):
            walls[k].append(bench.run_once(c)[0])
    base = statistics.median(walls[0])
    for c, w in zip(cmds, walls):
        med = statistics.median(w)
        print(f"{med * 1000:.3f} ms  {med / base:.2f}x  {' '.join(c)}")


if __name__ == "__main__":
    main()

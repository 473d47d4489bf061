#!/usr/bin/env python3
"""Times commands in interleaved rounds: each round runs every command once, in a rotating order, so that a
shared machine's drift (other tenants, page cache, frequency) falls on all of them alike, where hyperfine runs
all of one command's runs before the next. Prints each command's median, quartiles and the ratio of its median
to the first command's, per round and overall.

Usage: python3 bench/interleaved.py ROUNDS 'CMD' 'CMD' ...   (the first command is the reference)
"""
import shlex
import statistics
import subprocess
import sys
import time


def run(cmd):
    start = time.perf_counter()
    subprocess.run(shlex.split(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    rounds, cmds = int(sys.argv[1]), sys.argv[2:]
    for cmd in cmds:  # warm-up: the page cache and the binaries
        run(cmd)
        run(cmd)
    times = [[] for _ in cmds]
    for r in range(rounds):
        order = list(range(len(cmds)))
        order = order[r % len(cmds):] + order[:r % len(cmds)]
        for i in order:
            times[i].append(run(cmds[i]))
    ref = statistics.median(times[0])
    for cmd, ts in zip(cmds, times):
        q = statistics.quantiles(ts, n=4)
        # The ratio within each round, so that a slow round counts once for every command.
        per_round = statistics.median(t / r for t, r in zip(ts, times[0]))
        print(f"{statistics.median(ts) * 1000:7.1f} ms  (quartiles {q[0] * 1000:.1f}-{q[2] * 1000:.1f})  "
              f"median ratio {statistics.median(ts) / ref:.2f}  per-round ratio {per_round:.2f}  {cmd}")


if __name__ == "__main__":
    main()

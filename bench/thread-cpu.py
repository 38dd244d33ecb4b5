#!/usr/bin/env python3
"""CPU seconds per thread of a command, read from /proc/<pid>/task/*/stat every 10 ms while it runs.

Usage: /usr/bin/python3 bench/thread-cpu.py node packages/cli/dist/bin.js import <file> --format online-retail --db <url>
Prints the total and each thread's seconds (those of 0.02 s or more) by thread id, in the order started: for
node, the main thread first, then V8's helper threads (TurboFan's concurrent compilations, the garbage
collector's helpers), libuv's pool, and worker threads last. A thread that ends between two reads loses up to
10 ms. Used in docs/benchmarks/import.md (session 25).
"""
import os
import subprocess
import sys
import time

if len(sys.argv) < 2:
    sys.exit(__doc__)
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
seen = {}
hz = os.sysconf('SC_CLK_TCK')
while process.poll() is None:
    try:
        tasks = os.listdir(f'/proc/{process.pid}/task')
    except OSError:
        tasks = []
    for task in tasks:
        try:
            stat = open(f'/proc/{process.pid}/task/{task}/stat').read()
        except OSError:
            continue
        fields = stat[stat.rindex(')') + 2:].split()
        seen[task] = (int(fields[11]) + int(fields[12])) / hz  # utime + stime
    time.sleep(0.01)
errors = process.stderr.read().decode()
print('total', round(sum(seen.values()), 2), ' '.join(f'{t}:{seen[t]:.2f}' for t in sorted(seen, key=int) if seen[t] >= 0.02))
if process.returncode:
    print(errors[-2000:], file=sys.stderr)
    sys.exit(process.returncode)

#!/bin/sh
# Runs the command given (a relay process: `npm start`, `npm run dev`, the tests' and benchmarks'
# relays) with jemalloc as its C allocator when the system has it (Debian: `libjemalloc2`), found
# through the dynamic linker's cache. After a busy spell jemalloc hands freed memory back to the
# system, where glibc's malloc keeps it inside its heap: after 10,000 short visits the relay stayed
# 6–10 MiB higher on glibc (BENCHMARKS.md, "Visits: what stays after a busy spell").
# Unless MALLOC_CONF says otherwise, jemalloc runs a thread of its own that hands freed pages back
# while the relay is idle; without it they wait for the next allocation, and an idle relay sat
# 15 MiB higher. MERGEPAD_MALLOC=system keeps the system's malloc. The command replaces this shell,
# so it keeps the process id the caller was given.
if [ "${MERGEPAD_MALLOC:-}" != system ]; then
  # The 64-bit build (flagged x86-64, AArch64, …), not a 32-bit one installed beside it.
  lib=$({ ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null | awk '$1 == "libjemalloc.so.2" && $2 ~ /64/ { print $NF; exit }')
  if [ -n "$lib" ] && [ -r "$lib" ]; then
    LD_PRELOAD="$lib${LD_PRELOAD:+ $LD_PRELOAD}"
    : "${MALLOC_CONF:=background_thread:true}"
    export LD_PRELOAD MALLOC_CONF
  fi
fi
exec "$@"

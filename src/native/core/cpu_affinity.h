// Spreads the latch threads over the CPUs this process may run on. Left to the load balancer, eight spinning
// threads on two CPUs often sit 5 + 3 or worse for milliseconds, and the crowded CPU sets the fire spread; and
// every migration changes how long a thread waits for its CPU after its answer arrives, which shifts its ack
// stamps for seconds at a time and reads as drift.
// Off by default all the same (latchRun.ts): on an idle 2-vCPU host it changed nothing measurable, and with one
// CPU kept busy by another process the pinned threads could not leave it: 8-camera fire spread p50 3.7 ms
// pinned against 56 us unpinned.
#pragma once

#include <pthread.h>
#include <sched.h>

#include <cstddef>
#include <vector>

namespace ptpcam {

// The CPUs the process may run on, in order (empty when they cannot be read), so that `taskset` and cgroup
// cpusets are respected.
inline std::vector<int> AllowedCpus() {
  std::vector<int> cpus;
  cpu_set_t allowed;
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &allowed)) cpus.push_back(cpu);
  return cpus;
}

// Pins `thread` to one CPU. Best effort: a failure leaves the thread where it was.
inline void PinThreadToCpu(pthread_t thread, int cpu) {
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  pthread_setaffinity_np(thread, sizeof one, &one);
}

// Pins `thread` to the (n mod count)-th allowed CPU; nothing to spread over with one.
inline void PinThreadToNthAllowedCpu(pthread_t thread, size_t n) {
  const std::vector<int> cpus = AllowedCpus();
  if (cpus.size() > 1) PinThreadToCpu(thread, cpus[n % cpus.size()]);
}

inline void PinToNthAllowedCpu(size_t n) { PinThreadToNthAllowedCpu(pthread_self(), n); }

}  // namespace ptpcam

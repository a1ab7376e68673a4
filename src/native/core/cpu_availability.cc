#include "cpu_availability.h"

#include <sched.h>

#include <string>
#include <thread>

#include "clock.h"
#include "thread_name.h"

namespace ptpcam {

namespace {

void Measure(int cpu, int64_t duration_ns, CpuAvailability* out) {
  SetThreadName("ptpcam-floor-" + std::to_string(cpu));
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  sched_setaffinity(0, sizeof one, &one);
  const int64_t start = MonotonicNs();
  const int64_t end = start + duration_ns;
  int64_t last = start;
  int64_t over20 = 0, over50 = 0, gaps = 0;
  for (;;) {
    const int64_t now = MonotonicNs();
    const int64_t gap = now - last;
    last = now;
    if (gap > 20000) {
      over20 += gap - 20000;
      ++gaps;
    }
    if (gap > 50000) over50 += gap - 50000;
    if (now > end) break;
  }
  const double total = static_cast<double>(last - start);
  out->cpu = cpu;
  out->beyond_20us = static_cast<double>(over20) / total;
  out->beyond_50us = static_cast<double>(over50) / total;
  out->gaps_per_s = static_cast<double>(gaps) / (total / 1e9);
}

}  // namespace

std::vector<CpuAvailability> MeasureCpuAvailability(int64_t duration_ns) {
  cpu_set_t allowed;
  std::vector<int> cpus;
  if (sched_getaffinity(0, sizeof allowed, &allowed) == 0) {
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
      if (CPU_ISSET(cpu, &allowed)) cpus.push_back(cpu);
  }
  std::vector<CpuAvailability> out(cpus.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < cpus.size(); ++i) threads.emplace_back(Measure, cpus[i], duration_ns, &out[i]);
  for (auto& t : threads) t.join();
  return out;
}

}  // namespace ptpcam

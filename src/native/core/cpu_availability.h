// How often the machine takes a CPU away from a running thread for tens of microseconds (timer ticks,
// interrupts, a hypervisor descheduling the vCPU). The latch benchmark prints it beside the fire spread: a
// thread waiting to fire on a CPU that is taken away cannot fire, whatever the engine does.
#pragma once

#include <cstdint>
#include <vector>

namespace ptpcam {

struct CpuAvailability {
  int cpu = 0;
  // Fraction of time the CPU was still unavailable for at least 20 (50) us from a random instant.
  double beyond_20us = 0;
  double beyond_50us = 0;
  double gaps_per_s = 0;  // gaps of 20 us or more
};

// One busy thread pinned to each allowed CPU, all at once, for duration_ns; blocks until they are joined.
std::vector<CpuAvailability> MeasureCpuAvailability(int64_t duration_ns);

}  // namespace ptpcam

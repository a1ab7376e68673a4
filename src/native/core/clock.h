// Host clocks. Fire/ack stamps use CLOCK_REALTIME because camera clocks are compared with the host's
// (PTP) time; schedules and deadlines use CLOCK_MONOTONIC so that a clock step cannot stall a run.
#pragma once

#include <cstdint>
#include <sched.h>

#include <ctime>

namespace ptpcam {

inline int64_t ReadClockNs(clockid_t id) {
  timespec ts;
  clock_gettime(id, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}
inline int64_t RealtimeNs() { return ReadClockNs(CLOCK_REALTIME); }
inline int64_t MonotonicNs() { return ReadClockNs(CLOCK_MONOTONIC); }

inline timespec ToTimespec(int64_t ns) {
  timespec ts;
  ts.tv_sec = static_cast<time_t>(ns / 1000000000LL);
  ts.tv_nsec = static_cast<long>(ns % 1000000000LL);
  return ts;
}

// Blocks (does not spin) until the monotonic deadline; EINTR restarts with the same absolute deadline.
inline void SleepUntilMonotonic(int64_t deadline_ns) {
  timespec ts = ToTimespec(deadline_ns);
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) != 0) {
  }
}

// Sleeps while the deadline is far, then yields until it: this machine's nanosleep overshoots by 50-100 us,
// which would swamp the microseconds a simulated round trip or a release is about.
inline void WaitUntilMonotonic(int64_t deadline_ns, int64_t sleep_margin_ns = 400000) {
  if (deadline_ns - MonotonicNs() > sleep_margin_ns) SleepUntilMonotonic(deadline_ns - sleep_margin_ns);
  while (MonotonicNs() < deadline_ns) sched_yield();
}

}  // namespace ptpcam

// Real-time scheduling for the threads whose instant matters (the latch fire threads). Under CFS a fire thread
// that is not on a CPU at the release waits behind whatever else is runnable, up to a scheduler slice: on a busy
// 2-core host that, not the network, sets the fire spread. SCHED_FIFO threads preempt every normal thread at
// once when woken, so they can sleep until the release instead of spinning for a CPU; woken a little early, they
// meet at the latch engine's ready gate so both CPUs fire together (LatchEngine::WaitAtReadyGate).
// Needs CAP_SYS_NICE or an RLIMIT_RTPRIO allowance; without it the request fails and the caller keeps normal
// scheduling (spinning), and says so.
#pragma once

#include <pthread.h>
#include <sched.h>

#include <cerrno>

namespace ptpcam {

// Lowest real-time priorities: above every normal thread, below the kernel's threaded interrupts (50) and
// ptp4l/phc2sys when they run real-time.
constexpr int kFireThreadPriority = 2;
constexpr int kCoordinatorPriority = 1;

// 0 on success, else the errno (EPERM without the privilege).
inline int MakeRealtime(pthread_t thread, int priority) {
  sched_param p{};
  p.sched_priority = priority;
  return pthread_setschedparam(thread, SCHED_FIFO, &p);
}

}  // namespace ptpcam

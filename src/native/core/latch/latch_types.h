// What the latch engine is asked to do and what it hands back, in plain C++.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "../batch_failure.h"
#include "../camera_registry.h"

namespace ptpcam {

enum class LatchStrategy { kParallel, kSequential };

struct LatchOptions {
  std::vector<std::shared_ptr<CameraSlot>> cameras;
  LatchStrategy strategy = LatchStrategy::kParallel;
  uint64_t samples = 1;
  int64_t interval_ns = 0;
  int64_t timeout_ns = 60LL * 1000000000LL;  // per camera per sample
  uint32_t batch_size = 256;
  int64_t batch_max_age_ns = 50LL * 1000000LL;  // a slow run still reaches JS several times a second
  // Sleeping camera threads are woken this long before a release, then spin; long enough for the scheduler to
  // run all of them on 2 cores, short enough not to burn a core between samples of a slow run.
  int64_t wake_lead_ns = 400LL * 1000;
  // An idle camera thread spins this long before sleeping: back-to-back samples never pay a futex wake.
  int64_t idle_spin_ns = 2LL * 1000000LL;
  // Before a release the coordinator waits for the reader (the JS thread) to finish the batches it was handed,
  // because on a 2-core host a busy reader takes a core from the camera threads for a whole scheduler slice.
  // The waits are capped, each and in total (a share of the run), so a slow reader costs a bounded rate.
  int64_t quiet_max_wait_ns = 20LL * 1000000LL;
  double quiet_budget = 0.1;
  bool pin_threads = false;  // camera threads spread over the allowed CPUs, see cpu_affinity.h (JS sets it)
  // Parallel strategy: run the fire threads and the coordinator SCHED_FIFO (see realtime.h); they then sleep
  // until the release instead of spinning, and fire from the ready gate (LatchEngine::WaitAtReadyGate). Falls back
  // to normal scheduling when not permitted (LatchDone says).
  bool realtime = false;
  // Test hook: starting thread N throws as std::thread would without resources (N = camera count: the
  // coordinator), so tests can prove Start() releases what it had already started. -1: off.
  int fail_thread_start = -1;
};

// Column-major per sample: entry [s * cameras + c].
struct LatchBatch {
  uint64_t first_index = 0;
  uint32_t count = 0;
  uint32_t cameras = 0;
  std::vector<uint64_t> values;
  std::vector<int64_t> fire_ns;  // host CLOCK_REALTIME just before TimestampLatch was sent
  std::vector<int64_t> ack_ns;   // just after it returned
  std::vector<int64_t> done_ns;  // after TimestampLatchValue was read: the whole round trip, for the bench
  std::vector<int32_t> codes;    // ErrorCode
  std::vector<int32_t> sdk_codes;
  std::vector<BatchFailure> failures;
};

enum class LatchEnd { kCompleted, kStopped, kAbandoned };

struct LatchDone {
  LatchEnd end = LatchEnd::kCompleted;
  uint64_t samples_done = 0;
  // Cameras whose thread is still inside an SDK call when the run ends (given up on after the timeout): the
  // engine reports the end at once and joins those threads when their calls return.
  std::vector<uint32_t> busy_cameras;
  // The fire threads ran SCHED_FIFO (asked for, and permitted).
  bool realtime = false;
  // Why real-time scheduling was refused (errno), 0 when granted or not asked for.
  int realtime_errno = 0;
  // Real-time runs: samples whose threads did not all reach the release gate within its cap (a CPU was held over a
  // millisecond); those fired without waiting, so their spread includes the hold.
  uint64_t gate_capped = 0;
};

// Receives the engine's output on the coordinator thread. Deliver may block to apply back-pressure; it returns
// false when nobody will ever read the batch again (the JS environment is going away).
class LatchSink {
 public:
  virtual ~LatchSink() = default;
  virtual bool Deliver(std::unique_ptr<LatchBatch> batch) = 0;
  virtual void Finish(const LatchDone& done) = 0;
  // Returns once the reader has processed every delivered batch, or at the monotonic deadline.
  virtual void WaitReaderIdle(int64_t deadline_mono_ns) { (void)deadline_mono_ns; }
};

}  // namespace ptpcam

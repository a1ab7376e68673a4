// LatchEngine fires TimestampLatch on every camera at the same instant, sample after sample, entirely in
// native code. Parallel strategy: one persistent thread per camera, released together by a coordinator;
// sequential strategy: the coordinator latches the cameras one after another, as the Python seed did, so
// the two can be compared. Threads are named, stopped by atomic flags and joined in one place (Join), never
// detached. A release waits (within a budget) for the reader to finish the batches it was handed: on a 2-core
// host a busy reader decides the tail of the fire spread. Camera threads can be pinned over the CPUs (off by
// default, see cpu_affinity.h).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "latch_types.h"

namespace ptpcam {

class LatchEngine {
 public:
  LatchEngine(LatchOptions options, LatchSink* sink);
  ~LatchEngine();
  LatchEngine(const LatchEngine&) = delete;
  LatchEngine& operator=(const LatchEngine&) = delete;

  void Start();
  // Finish the sample in progress, deliver everything measured, then end.
  void RequestStop();
  // For environment teardown: stop, and stop waiting for a reader that is gone.
  void Abandon();
  // Waits for the coordinator (which joins the camera threads). Idempotent and safe from two threads at once
  // (a pool thread joining after a stuck call, and the environment's cleanup hook).
  void Join();
  // Every sample has been delivered and the sink told so; camera threads may still be inside SDK calls.
  bool finished() const { return finished_.load(std::memory_order_acquire); }
  // Every native thread of this engine has ended: Join() returns at once.
  bool threads_ended() const { return threads_ended_.load(std::memory_order_acquire); }

  // Native threads alive in this process, for teardown tests.
  static int LiveThreads();

 private:
  struct alignas(64) CameraThread {
    std::thread thread;
    std::atomic<int64_t> assigned{-1};  // the sample this thread takes part in, set before the release
    std::atomic<int64_t> done{-1};      // the last assigned sample it finished (or found it had missed)
    // Written by the camera thread before `done` is released, read by the coordinator after acquiring it.
    uint64_t value = 0;
    int64_t fire = 0, ack = 0, finish = 0;
    bool gate_capped = false;  // this sample's gate released it on the cap, not on every thread's arrival
    // Real-time: the CPU group this thread is pinned to and its place in that CPU's firing order for the sample
    // released (both set by the coordinator before the release).
    uint32_t group = 0;
    uint32_t turn = 0;
    CamError error;
  };

  void ApplyRealtime();
  void CoordinatorMain();
  void CameraMain(size_t index);
  bool WaitForRelease(int64_t last, int64_t* sample);
  bool WaitAtReadyGate(const CameraThread& ct, int64_t sample);
  uint32_t AssignTurns(int64_t sample, const std::vector<char>& eligible);
  void RunParallelSample(uint64_t sample, int64_t target_mono, LatchBatch& batch);
  void RunSequentialSample(LatchBatch& batch);
  void WaitUntil(int64_t target_mono);
  void WaitForQuietReader();
  void SleepInterruptibly(int64_t until_mono);
  bool Flush(std::unique_ptr<LatchBatch>& batch, uint64_t next_index);

  LatchOptions opt_;
  LatchSink* sink_;
  std::vector<std::unique_ptr<CameraThread>> threads_;
  std::vector<char> eligible_;  // coordinator only
  int64_t run_started_ = 0;     // coordinator only
  int64_t quiet_waited_ = 0;    // coordinator only
  uint64_t gate_capped_ = 0;    // coordinator only
  std::thread coordinator_;
  // One store releases every camera thread: per-thread stores would let the coordinator be preempted half
  // way through a release.
  alignas(64) std::atomic<int64_t> release_{-1};
  std::atomic<bool> stop_{false};
  std::atomic<bool> abandon_{false};
  std::atomic<bool> cameras_stop_{false};
  std::atomic<bool> finished_{false};
  std::atomic<bool> threads_ended_{false};
  // Set in Start() before the coordinator may begin (start_word_): every thread runs SCHED_FIFO, or none does.
  std::atomic<bool> realtime_{false};
  int realtime_errno_ = 0;
  std::atomic<uint32_t> start_word_{0};  // futex: 1 once Start() has finished setting the threads up
  std::atomic<uint32_t> stop_word_{0};     // futex: interval sleeps end early on stop
  std::atomic<uint32_t> arm_word_{0};      // futex: sleeping camera threads wake on a new arm
  std::atomic<int> sleepers_{0};
  std::atomic<uint32_t> done_word_{0};     // futex: the coordinator waits here for camera completions
  std::atomic<bool> coordinator_sleeping_{false};
  // Real-time release gate (see WaitAtReadyGate): set by the coordinator before it stores release_.
  alignas(64) std::atomic<int64_t> gate_at_{0};   // monotonic instant before which no thread fires
  std::atomic<int64_t> gate_sample_{-1};          // the sample these gate fields are for
  std::atomic<uint32_t> gate_expected_{0};        // threads taking part in this sample
  alignas(64) std::atomic<uint32_t> gate_ready_{0};  // of those, how many are awake and spinning
  // Per CPU group: the turn that may fire next. Sized once in ApplyRealtime, before any sample.
  struct alignas(64) GroupTurn {
    std::atomic<uint32_t> next{0};
  };
  std::vector<GroupTurn> group_turns_;
  std::vector<int> group_cpus_;                     // the CPU of each group
  std::vector<std::vector<size_t>> group_members_;  // coordinator only: this sample's threads per group
  std::once_flag joined_;
};

}  // namespace ptpcam

#include "latch_engine.h"

#include <sched.h>
#include <sys/prctl.h>

#include <algorithm>
#include <string>
#include <system_error>

#include "../clock.h"
#include "../cpu_affinity.h"
#include "../futex.h"
#include "../realtime.h"
#include "../sample_schedule.h"
#include "../thread_name.h"

namespace ptpcam {

namespace {

std::atomic<int> g_live_threads{0};
// How long a stopped run still waits for a camera that has not answered its sample: part of the 1 s within which
// a signal ends the process.
constexpr int64_t kStopGraceNs = 300LL * 1000000LL;
constexpr int64_t kWakeWaitNs = 5LL * 1000000LL;
// Lets the first batches of a run wait for the reader before the budget has grown.
constexpr int64_t kQuietAllowanceNs = 5LL * 1000000LL;
// Real-time runs arm this long before a scheduled sample: a woken thread on the other CPU runs after an
// inter-processor interrupt, tens of microseconds on this kind of host (a virtual CPU), more when that CPU is
// inside a normal task's system call on a kernel without forced preemption.
constexpr int64_t kRealtimeArmLeadNs = 150LL * 1000;
// How long the woken threads wait at the gate for one that has not come: a CPU held that long fires late anyway.
constexpr int64_t kReadyGateCapNs = 1LL * 1000000LL;
// Real-time threads move to the next CPU every this many samples (AssignTurns). Every sample would be fairer still,
// but a moved thread's first wake-up is slow on a virtual CPU: measured with 8 lab cameras, p90 spread 95-400 us
// moving every sample against 71-180 us every 32 samples (77-172 us never moving).
constexpr size_t kSamplesPerCpu = 32;

// Counts a native thread for as long as it runs, so tests can prove every thread was joined.
struct LiveThread {
  LiveThread() { g_live_threads.fetch_add(1); }
  ~LiveThread() { g_live_threads.fetch_sub(1); }
};

void PreciseSleeps() {
  // The default 50 us timer slack would be added to every simulated round trip and to every interval sleep.
  prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
}

std::string TimeoutMessage(const CameraSlot& slot, int64_t timeout_ns, bool still_busy) {
  std::string serial = slot.info().serial;
  std::string ms = std::to_string(timeout_ns / 1000000LL);
  if (still_busy) return "camera " + serial + " is still busy with an earlier latch (no answer within " + ms + " ms)";
  return "camera " + serial + " did not answer the latch within " + ms + " ms";
}

}  // namespace

int LatchEngine::LiveThreads() { return g_live_threads.load(); }

LatchEngine::LatchEngine(LatchOptions options, LatchSink* sink) : opt_(std::move(options)), sink_(sink) {
  if (opt_.batch_size == 0) opt_.batch_size = 1;
}

LatchEngine::~LatchEngine() {
  Abandon();
  Join();
}

void LatchEngine::Start() {
  const auto hook = [this](size_t i) {
    if (opt_.fail_thread_start >= 0 && static_cast<size_t>(opt_.fail_thread_start) == i) {
      throw std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again),
                              "thread " + std::to_string(i) + " (test hook)");
    }
  };
  try {
    if (opt_.strategy == LatchStrategy::kParallel) {
      for (size_t i = 0; i < opt_.cameras.size(); ++i) threads_.push_back(std::make_unique<CameraThread>());
      for (size_t i = 0; i < threads_.size(); ++i) {
        hook(i);
        threads_[i]->thread = std::thread(&LatchEngine::CameraMain, this, i);
      }
    }
    hook(opt_.cameras.size());
    coordinator_ = std::thread(&LatchEngine::CoordinatorMain, this);
    if (opt_.realtime && opt_.strategy == LatchStrategy::kParallel) ApplyRealtime();
    start_word_.store(1, std::memory_order_release);
    FutexWakeAll(&start_word_);
  } catch (...) {
    // The camera threads already started wait for a release that will never come, and a joinable std::thread
    // destroyed would terminate the process: stop and join them before the caller hears of the failure.
    cameras_stop_.store(true);
    arm_word_.fetch_add(1);
    FutexWakeAll(&arm_word_);
    for (auto& ct : threads_)
      if (ct->thread.joinable()) ct->thread.join();
    finished_.store(true, std::memory_order_release);
    threads_ended_.store(true, std::memory_order_release);
    throw;
  }
}

void LatchEngine::ApplyRealtime() {
  // The threads are already waiting for their first release, which the coordinator gives only once it has read
  // realtime_ (set here before the release gate opens), so every sample runs under one scheduling.
  int err = MakeRealtime(coordinator_.native_handle(), kCoordinatorPriority);
  for (size_t i = 0; err == 0 && i < threads_.size(); ++i) err = MakeRealtime(threads_[i]->thread.native_handle(), kFireThreadPriority);
  if (err != 0) {
    // All or none: a mix would let the real-time threads take both CPUs from the normal ones at the release.
    sched_param normal{};
    pthread_setschedparam(coordinator_.native_handle(), SCHED_OTHER, &normal);
    for (auto& ct : threads_) pthread_setschedparam(ct->thread.native_handle(), SCHED_OTHER, &normal);
  }
  if (err == 0) {
    // Real-time threads are spread evenly over the CPUs, fire thread i on the i-th: a woken SCHED_FIFO thread
    // runs on the CPU it is queued on as soon as that CPU's earlier fire thread blocks in its send, so an even
    // split makes the spread (cameras / CPUs − 1) sends; left to wake-up placement it was often 5 + 3 or 6 + 2.
    // Pinning cannot strand them (the reason it is off for normal threads): nothing normal can hold their CPU.
    group_cpus_ = AllowedCpus();
    if (group_cpus_.size() > threads_.size()) group_cpus_.resize(threads_.size());
    const size_t groups = std::max<size_t>(1, group_cpus_.size());
    group_turns_ = std::vector<GroupTurn>(groups);
    group_members_.assign(groups, {});
    for (size_t i = 0; i < threads_.size(); ++i) {
      threads_[i]->group = static_cast<uint32_t>(i % groups);
      if (groups > 1) PinThreadToCpu(threads_[i]->thread.native_handle(), group_cpus_[i % groups]);
    }
  }
  realtime_errno_ = err;
  realtime_.store(err == 0, std::memory_order_release);
}

void LatchEngine::RequestStop() {
  stop_.store(true);
  stop_word_.fetch_add(1);
  FutexWakeAll(&stop_word_);
}

void LatchEngine::Abandon() {
  abandon_.store(true);
  RequestStop();
}

void LatchEngine::Join() {
  std::call_once(joined_, [this] {
    if (coordinator_.joinable()) coordinator_.join();
  });
}

bool LatchEngine::WaitForRelease(int64_t last, int64_t* sample) {
  // Real-time threads sleep until the release wakes them (a woken SCHED_FIFO thread preempts at once); a
  // spinning real-time thread would only keep the CPU from everything else.
  const int64_t spin_ns = realtime_.load(std::memory_order_acquire) ? 0 : opt_.idle_spin_ns;
  int64_t spin_until = MonotonicNs() + spin_ns;
  for (;;) {
    int64_t k = release_.load(std::memory_order_acquire);
    if (k != last) {
      *sample = k;
      return true;
    }
    if (cameras_stop_.load(std::memory_order_acquire)) return false;
    if (MonotonicNs() < spin_until) {
      sched_yield();
      continue;
    }
    // Re-check after reading the futex word, so an arm between the check and the wait is not lost.
    uint32_t armed = arm_word_.load();
    sleepers_.fetch_add(1);
    if (release_.load() == last && !cameras_stop_.load()) {
      FutexWait(&arm_word_, armed, 200LL * 1000000LL);
    }
    sleepers_.fetch_sub(1);
    spin_until = realtime_.load(std::memory_order_acquire) ? 0 : MonotonicNs() + opt_.idle_spin_ns + opt_.wake_lead_ns;
  }
}

bool LatchEngine::WaitAtReadyGate(const CameraThread& ct, int64_t sample) {
  // Real-time threads are released by a futex wake, and the one that reaches the other CPU arrives an interrupt
  // later (measured here: 40 us p50 between the two CPUs' first fires, ms at times). So the release only arms
  // them: each says it is awake and spins until every thread of the sample is, and the scheduled instant has
  // come. Spinners on both CPUs see the last arrival within a microsecond, so both CPUs fire together. The
  // spin yields to the CPU's other fire threads (same SCHED_FIFO priority), so all of them reach the gate.
  // A thread that comes only after the coordinator gave up on its sample (it was held past the timeout) finds the
  // gate set for a later one: it fires at once and leaves that sample's count and turns alone.
  if (gate_sample_.load(std::memory_order_acquire) != sample) return true;
  gate_ready_.fetch_add(1, std::memory_order_acq_rel);
  const int64_t at = gate_at_.load(std::memory_order_relaxed);
  const uint32_t expected = gate_expected_.load(std::memory_order_relaxed);
  bool capped = false;
  for (;;) {
    const int64_t now = MonotonicNs();
    if (now >= at && gate_ready_.load(std::memory_order_acquire) >= expected) break;
    if (now >= at + kReadyGateCapNs || cameras_stop_.load(std::memory_order_relaxed)) {
      capped = true;
      break;
    }
    sched_yield();
  }
  // Then one CPU's threads fire one after another in the order AssignTurns gave them. The yield hands the CPU to
  // the next spinning thread until the one whose turn it is runs; a turn's owner that never comes is not waited
  // for beyond the cap.
  std::atomic<uint32_t>& next = group_turns_[ct.group].next;
  while (!capped && next.load(std::memory_order_acquire) != ct.turn) {
    if (MonotonicNs() >= at + kReadyGateCapNs || cameras_stop_.load(std::memory_order_relaxed)) capped = true;
    else sched_yield();
  }
  // Handing on the turn before the send is safe: the next thread shares this CPU at the same SCHED_FIFO priority,
  // so it runs only once this one blocks in its send.
  next.store(ct.turn + 1, std::memory_order_release);
  return capped;
}

uint32_t LatchEngine::AssignTurns(int64_t sample, const std::vector<char>& eligible) {
  // A camera that always fired first on its CPU would always wait longest for its answer, and one whose thread
  // always ran on the CPU that answers are woken on less promptly would always see a longer fire/ack window: a
  // longer window puts the latch point earlier in it, a bias of tens of microseconds in that camera's corrected
  // delta that no number of samples averages away (measured in the lab over 500 samples: one camera first in
  // 39 % of them and another in 9 %, mean windows 432-567 us; with the order rotated, still 543 us on one CPU
  // against 591 us on the other). So each sample rotates each CPU's firing order, and every kSamplesPerCpu samples
  // every thread moves to the next CPU: over a run every camera takes every CPU and every place (nearly) equally
  // often, and that part of the error is common to all cameras, cancelling in the deltas. Returns how many threads
  // take part.
  const size_t groups = group_turns_.size();
  const size_t k = static_cast<size_t>(sample);
  const size_t block = k / kSamplesPerCpu;
  for (auto& members : group_members_) members.clear();
  for (size_t i = 0; i < threads_.size(); ++i) {
    const uint32_t g = static_cast<uint32_t>((i + block) % groups);
    CameraThread& ct = *threads_[i];
    // Only threads that will take part move: one still inside an earlier latch keeps its CPU until it is back.
    if (g != ct.group && eligible[i]) {
      PinThreadToCpu(ct.thread.native_handle(), group_cpus_[g]);
      ct.group = g;
    }
    group_members_[ct.group].push_back(i);
  }
  uint32_t taking_part = 0;
  for (size_t g = 0; g < groups; ++g) {
    const std::vector<size_t>& members = group_members_[g];
    const size_t m = members.size();
    uint32_t turn = 0;
    for (size_t r = 0; r < m; ++r) {
      const size_t i = members[(r + k) % m];
      if (eligible[i]) threads_[i]->turn = turn++;
    }
    taking_part += turn;
    group_turns_[g].next.store(0, std::memory_order_relaxed);  // published by the release_ store
  }
  return taking_part;
}

void LatchEngine::CameraMain(size_t index) {
  LiveThread live;
  SetThreadName("ptpcam-latch-" + std::to_string(index));
  PreciseSleeps();
  if (opt_.pin_threads) PinToNthAllowedCpu(index);
  CameraThread& ct = *threads_[index];
  CameraSlot& slot = *opt_.cameras[index];
  int64_t last = -1;
  int64_t sample = -1;
  while (WaitForRelease(last, &sample)) {
    last = sample;
    const int64_t mine = ct.assigned.load();
    if (mine != sample) {
      // Not part of this sample (it was busy when the sample was assigned). If it missed an assignment while
      // blocked, mark that one handled so the coordinator counts it as free again.
      if (ct.done.load() != mine) ct.done.store(mine, std::memory_order_release);
      continue;
    }
    {
      auto lock = slot.Lock();
      Camera* cam = slot.camera_locked();
      if (!cam) {
        ct.fire = ct.ack = ct.finish = RealtimeNs();
        ct.error = CamError::Make(ErrorCode::kClosed, "camera " + slot.info().serial + " was closed");
      } else {
        ct.gate_capped = realtime_.load(std::memory_order_relaxed) && WaitAtReadyGate(ct, sample);
        ct.fire = RealtimeNs();
        ct.error = cam->FireLatch();
        ct.ack = RealtimeNs();
        if (ct.error.ok()) ct.error = cam->ReadLatch(&ct.value);
        ct.finish = RealtimeNs();
      }
    }
    ct.done.store(sample, std::memory_order_release);
    done_word_.fetch_add(1);
    if (coordinator_sleeping_.load()) FutexWakeAll(&done_word_);
  }
}

void LatchEngine::WaitUntil(int64_t target) {
  // Sleep most of the way, then spin: the release instant matters to the microsecond.
  if (target - MonotonicNs() > opt_.wake_lead_ns) SleepInterruptibly(target - opt_.wake_lead_ns);
  while (MonotonicNs() < target && !stop_.load(std::memory_order_relaxed)) sched_yield();
}

void LatchEngine::WaitForQuietReader() {
  const int64_t now = MonotonicNs();
  const int64_t budget =
      static_cast<int64_t>(static_cast<double>(now - run_started_) * opt_.quiet_budget) + kQuietAllowanceNs - quiet_waited_;
  if (budget <= 0) return;
  sink_->WaitReaderIdle(now + std::min(budget, opt_.quiet_max_wait_ns));
  quiet_waited_ += MonotonicNs() - now;
}

void LatchEngine::SleepInterruptibly(int64_t until) {
  for (;;) {
    uint32_t word = stop_word_.load();
    if (stop_.load()) return;
    int64_t left = until - MonotonicNs();
    if (left <= 0) return;
    FutexWait(&stop_word_, word, left);
  }
}

void LatchEngine::RunParallelSample(uint64_t sample, int64_t target, LatchBatch& batch) {
  const size_t n = threads_.size();
  const size_t row = static_cast<size_t>(batch.count) * n;
  const int64_t k = static_cast<int64_t>(sample);

  // A camera still blocked in an earlier latch cannot take part; it is reported, not waited for.
  std::vector<char>& eligible = eligible_;  // reused: no allocation per sample
  eligible.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    auto& ct = *threads_[i];
    eligible[i] = ct.done.load(std::memory_order_acquire) == ct.assigned.load(std::memory_order_relaxed);
  }

  const bool rt = realtime_.load(std::memory_order_relaxed);
  if (rt) {
    // Real-time: the release wakes the sleeping fire threads, which then meet at the ready gate until `target`
    // (WaitAtReadyGate); arm them a wake-up's time early.
    WaitForQuietReader();
    SleepInterruptibly(target - kRealtimeArmLeadNs);
    // Asked to stop while sleeping: this last sample is not held until its scheduled instant (a long interval
    // would keep SCHED_FIFO threads spinning on every CPU meanwhile).
    gate_at_.store(stop_.load() ? MonotonicNs() : target, std::memory_order_relaxed);
    gate_expected_.store(AssignTurns(k, eligible), std::memory_order_relaxed);
    gate_ready_.store(0, std::memory_order_relaxed);  // published by the release_ store below
    gate_sample_.store(k, std::memory_order_relaxed);
  } else {
    if (target - MonotonicNs() > opt_.wake_lead_ns) SleepInterruptibly(target - opt_.wake_lead_ns);
    WaitForQuietReader();
    arm_word_.fetch_add(1);
    if (sleepers_.load() > 0) {
      FutexWakeAll(&arm_word_);
      // A thread that slept needs tens of microseconds to run again; releasing before it spins would show up
      // as fire spread.
      const int64_t cap = MonotonicNs() + kWakeWaitNs;
      while (sleepers_.load() > 0 && MonotonicNs() < cap) sched_yield();
    }
    WaitUntil(target);
  }

  for (size_t i = 0; i < n; ++i)
    if (eligible[i]) threads_[i]->assigned.store(k);
  const int64_t released = MonotonicNs();
  release_.store(k);  // seq_cst: pairs with the sleeper count below (Dekker)
  // A thread that read arm_word_ after the arm above may have gone to sleep on it just before the release was
  // stored; bump the word again and wake it, or it would sleep out its futex timeout.
  arm_word_.fetch_add(1);
  if (sleepers_.load() > 0) FutexWakeAll(&arm_word_);

  const int64_t deadline = released + opt_.timeout_ns;
  // Spinning keeps back-to-back samples tight, but a spinning coordinator also takes turns with the camera threads
  // on its CPU while they wait for their answers, and it migrates between CPUs: their ack stamps then move by
  // microseconds, for seconds at a time, which a drift fit reads as 100+ ppb. With time to spare before the
  // next sample it sleeps until the last camera wakes it.
  const int64_t spin_until = !rt && opt_.interval_ns < opt_.idle_spin_ns ? released + opt_.idle_spin_ns : released;
  for (;;) {
    uint32_t word = done_word_.load();
    bool all = true;
    for (size_t i = 0; i < n && all; ++i)
      if (eligible[i] && threads_[i]->done.load(std::memory_order_acquire) != k) all = false;
    if (all) break;
    int64_t now = MonotonicNs();
    if (now >= deadline) break;
    // Asked to stop while a camera hangs: give up on it soon rather than after the full timeout.
    if (stop_.load() && now - released > kStopGraceNs) break;
    if (now < spin_until) {
      sched_yield();
      continue;
    }
    coordinator_sleeping_.store(true);
    FutexWait(&done_word_, word, deadline - now);
    coordinator_sleeping_.store(false);
  }

  bool capped = false;
  for (size_t i = 0; i < n; ++i) {
    auto& ct = *threads_[i];
    const size_t at = row + i;
    if (eligible[i] && ct.done.load(std::memory_order_acquire) == k) {
      batch.values[at] = ct.error.ok() ? ct.value : 0;
      batch.fire_ns[at] = ct.fire;
      batch.ack_ns[at] = ct.ack;
      batch.done_ns[at] = ct.finish;
      batch.codes[at] = static_cast<int32_t>(ct.error.code);
      batch.sdk_codes[at] = ct.error.sdk_code;
      capped = capped || ct.gate_capped;
      if (!ct.error.ok()) batch.failures.push_back({batch.count, static_cast<uint32_t>(i), ct.error.message});
    } else {
      const int64_t now = RealtimeNs();
      batch.values[at] = 0;
      batch.fire_ns[at] = batch.ack_ns[at] = batch.done_ns[at] = now;
      batch.codes[at] = static_cast<int32_t>(ErrorCode::kTimeout);
      batch.sdk_codes[at] = 0;
      batch.failures.push_back(
          {batch.count, static_cast<uint32_t>(i), TimeoutMessage(*opt_.cameras[i], opt_.timeout_ns, !eligible[i])});
    }
  }
  if (capped) ++gate_capped_;
}

void LatchEngine::RunSequentialSample(LatchBatch& batch) {
  // The seed's order: latch every camera first, then read every value. The SDK's own timeout bounds each call.
  const size_t n = opt_.cameras.size();
  const size_t row = static_cast<size_t>(batch.count) * n;
  std::vector<CamError> errors(n);
  for (size_t i = 0; i < n; ++i) {
    CameraSlot& slot = *opt_.cameras[i];
    auto lock = slot.Lock();
    Camera* cam = slot.camera_locked();
    batch.fire_ns[row + i] = RealtimeNs();
    errors[i] = cam ? cam->FireLatch() : CamError::Make(ErrorCode::kClosed, "camera was closed");
    batch.ack_ns[row + i] = RealtimeNs();
  }
  for (size_t i = 0; i < n; ++i) {
    CameraSlot& slot = *opt_.cameras[i];
    uint64_t value = 0;
    if (errors[i].ok()) {
      auto lock = slot.Lock();
      Camera* cam = slot.camera_locked();
      errors[i] = cam ? cam->ReadLatch(&value) : CamError::Make(ErrorCode::kClosed, "camera was closed");
    }
    const size_t at = row + i;
    batch.values[at] = errors[i].ok() ? value : 0;
    batch.done_ns[at] = RealtimeNs();
    batch.codes[at] = static_cast<int32_t>(errors[i].code);
    batch.sdk_codes[at] = errors[i].sdk_code;
    if (!errors[i].ok()) batch.failures.push_back({batch.count, static_cast<uint32_t>(i), errors[i].message});
  }
}

static std::unique_ptr<LatchBatch> NewBatch(uint64_t first, size_t cameras, size_t capacity) {
  auto b = std::make_unique<LatchBatch>();
  b->first_index = first;
  b->cameras = static_cast<uint32_t>(cameras);
  const size_t cells = cameras * capacity;
  b->values.resize(cells);
  b->fire_ns.resize(cells);
  b->ack_ns.resize(cells);
  b->done_ns.resize(cells);
  b->codes.resize(cells);
  b->sdk_codes.resize(cells);
  return b;
}

bool LatchEngine::Flush(std::unique_ptr<LatchBatch>& batch, uint64_t next_index) {
  if (batch->count == 0) return true;
  const size_t cells = static_cast<size_t>(batch->count) * batch->cameras;
  batch->values.resize(cells);
  batch->fire_ns.resize(cells);
  batch->ack_ns.resize(cells);
  batch->done_ns.resize(cells);
  batch->codes.resize(cells);
  batch->sdk_codes.resize(cells);
  bool delivered = sink_->Deliver(std::move(batch));
  batch = NewBatch(next_index, opt_.cameras.size(), opt_.batch_size);
  return delivered;
}

void LatchEngine::CoordinatorMain() {
  LiveThread live;
  SetThreadName("ptpcam-latch");
  PreciseSleeps();
  // Start() decides the scheduling after the threads exist; no sample is released before it has.
  while (start_word_.load(std::memory_order_acquire) == 0) FutexWait(&start_word_, 0, 10LL * 1000000LL);
  const size_t n = opt_.cameras.size();
  auto batch = NewBatch(0, n, opt_.batch_size);
  uint64_t done = 0;
  bool reader_gone = false;
  run_started_ = MonotonicNs();
  SampleSchedule schedule(opt_.interval_ns, opt_.batch_size, opt_.batch_max_age_ns, run_started_);

  while (done < opt_.samples && !stop_.load()) {
    if (opt_.strategy == LatchStrategy::kParallel) {
      RunParallelSample(done, schedule.target(), *batch);
    } else {
      WaitForQuietReader();
      WaitUntil(schedule.target());
      if (stop_.load()) break;
      RunSequentialSample(*batch);
    }
    ++batch->count;
    ++done;
    if (schedule.SampleDone(batch->count, MonotonicNs()) && !Flush(batch, done)) {
      reader_gone = true;
      break;
    }
  }
  if (!reader_gone) reader_gone = !Flush(batch, done);

  cameras_stop_.store(true);
  arm_word_.fetch_add(1);
  FutexWakeAll(&arm_word_);

  LatchDone info;
  info.samples_done = done;
  info.end = abandon_.load() || reader_gone ? LatchEnd::kAbandoned
             : done < opt_.samples          ? LatchEnd::kStopped
                                            : LatchEnd::kCompleted;
  // A thread that has not finished the sample it was given is inside an SDK call that can outlast the run by
  // the SDK's own timeout (seconds). Every sample is already delivered, so the end is told now and that thread
  // is joined when its call returns: a stuck camera does not hold the run's end hostage.
  for (size_t i = 0; i < threads_.size(); ++i)
    if (threads_[i]->done.load(std::memory_order_acquire) != threads_[i]->assigned.load(std::memory_order_acquire))
      info.busy_cameras.push_back(static_cast<uint32_t>(i));
  info.realtime = realtime_.load(std::memory_order_relaxed);
  info.realtime_errno = realtime_errno_;
  info.gate_capped = gate_capped_;
  finished_.store(true, std::memory_order_release);
  sink_->Finish(info);
  for (auto& ct : threads_)
    if (ct->thread.joinable()) ct->thread.join();
  threads_ended_.store(true, std::memory_order_release);
}

}  // namespace ptpcam

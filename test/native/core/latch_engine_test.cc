// LatchEngine without Node: fake cameras and a fake sink, so the engine is tested as the plain C++ it is (the
// reason the core has no N-API types). Covers both strategies, a camera that hangs, a stop mid-run, a sink that
// goes away, and Start() failing half way (threads already started are joined, nothing is left running).
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "camera_registry.h"
#include "latch/latch_engine.h"
#include "tap.h"

using namespace ptpcam;
using taptest::Ok;

namespace {

int64_t Realtime() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

// A camera whose clock is the host's CLOCK_REALTIME plus an offset; `hang_ms` makes every latch block that long.
class FakeCamera final : public Camera {
 public:
  FakeCamera(std::string serial, int64_t offset_ns, int hang_ms = 0) : offset_(offset_ns), hang_ms_(hang_ms) {
    info_.serial = std::move(serial);
    info_.model = "fake";
  }
  const DeviceInfo& info() const override { return info_; }
  bool HasFeature(const std::string&) override { return true; }
  CamError GetBool(const std::string&, bool* out) override { return *out = true, CamError::None(); }
  CamError SetBool(const std::string&, bool) override { return CamError::None(); }
  CamError GetEnum(const std::string&, std::string* out) override { return *out = "Slave", CamError::None(); }
  CamError GetInt(const std::string&, int64_t* out) override { return *out = 0, CamError::None(); }
  CamError Execute(const std::string&) override { return CamError::None(); }
  CamError FireLatch() override {
    if (hang_ms_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(hang_ms_));
    latched_ = static_cast<uint64_t>(Realtime() + offset_);
    ++fired;
    return CamError::None();
  }
  CamError ReadLatch(uint64_t* out) override {
    *out = latched_;
    return CamError::None();
  }
  void Close() override {}
  std::atomic<int> fired{0};

 private:
  DeviceInfo info_;
  int64_t offset_;
  int hang_ms_;
  uint64_t latched_ = 0;
};

class FakeSink final : public LatchSink {
 public:
  bool Deliver(std::unique_ptr<LatchBatch> batch) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (gone_after >= 0 && static_cast<int>(batches.size()) >= gone_after) return false;
    batches.push_back(std::move(batch));
    return true;
  }
  void Finish(const LatchDone& d) override {
    std::lock_guard<std::mutex> lock(mu_);
    done = d;
    finished = true;
    cv_.notify_all();
  }
  bool WaitFinished(int ms) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return finished; });
  }
  uint64_t Samples() {
    std::lock_guard<std::mutex> lock(mu_);
    uint64_t n = 0;
    for (auto& b : batches) n += b->count;
    return n;
  }
  std::vector<std::unique_ptr<LatchBatch>> batches;
  LatchDone done;
  bool finished = false;
  int gone_after = -1;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
};

struct Rig {
  std::vector<FakeCamera*> cams;
  std::vector<std::shared_ptr<CameraSlot>> slots;
  explicit Rig(const std::vector<int64_t>& offsets, int hang_last_ms = 0) {
    for (size_t i = 0; i < offsets.size(); ++i) {
      const int hang = i + 1 == offsets.size() ? hang_last_ms : 0;
      auto cam = std::make_unique<FakeCamera>("F" + std::to_string(i + 1), offsets[i], hang);
      cams.push_back(cam.get());
      slots.push_back(std::make_shared<CameraSlot>(static_cast<uint32_t>(i + 1), 0, nullptr, std::move(cam)));
    }
  }
};

LatchOptions Options(const Rig& rig, LatchStrategy strategy, uint64_t samples) {
  LatchOptions o;
  o.cameras = rig.slots;
  o.strategy = strategy;
  o.samples = samples;
  o.batch_size = 16;
  o.idle_spin_ns = 100000;
  return o;
}

bool ThreadsGone(int ms) {
  for (int i = 0; i < ms / 5 && LatchEngine::LiveThreads() != 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return LatchEngine::LiveThreads() == 0;
}

void Completes(LatchStrategy strategy, const char* name) {
  Rig rig({0, 2500000, -7000000000LL});
  FakeSink sink;
  {
    LatchEngine engine(Options(rig, strategy, 50), &sink);
    engine.Start();
    Ok(sink.WaitFinished(10000), std::string(name) + ": the run finishes");
    engine.Join();
  }
  Ok(sink.done.end == LatchEnd::kCompleted && sink.done.samples_done == 50 && sink.Samples() == 50,
     std::string(name) + ": 50 samples delivered, end = completed",
     "samples " + std::to_string(sink.Samples()) + " done " + std::to_string(sink.done.samples_done));
  bool ordered = true, within = true, no_errors = true;
  uint64_t next = 0;
  for (auto& b : sink.batches) {
    if (b->first_index != next || b->cameras != 3) ordered = false;
    next += b->count;
    for (uint32_t s = 0; s < b->count; ++s) {
      for (uint32_t c = 0; c < 3; ++c) {
        const size_t at = s * 3 + c;
        const int64_t offset = c == 0 ? 0 : c == 1 ? 2500000 : -7000000000LL;
        const int64_t v = static_cast<int64_t>(b->values[at]) - offset;
        // The fake latches between fire and ack, on the host clock: the value minus the offset lies inside.
        if (v < b->fire_ns[at] || v > b->ack_ns[at] || b->ack_ns[at] > b->done_ns[at]) within = false;
        if (b->codes[at] != 0) no_errors = false;
      }
    }
  }
  Ok(ordered, std::string(name) + ": batches in order, column-major over 3 cameras");
  Ok(within, std::string(name) + ": each value lies inside its fire/ack window (exact 64-bit)");
  Ok(no_errors && sink.batches.back()->failures.empty(), std::string(name) + ": no failures");
  Ok(ThreadsGone(1000), std::string(name) + ": every native thread joined");
}

void HangingCamera() {
  Rig rig({0, 0}, 400);
  FakeSink sink;
  LatchOptions o = Options(rig, LatchStrategy::kParallel, 3);
  o.timeout_ns = 50LL * 1000000LL;
  {
    LatchEngine engine(o, &sink);
    engine.Start();
    Ok(sink.WaitFinished(10000), "hang: the run finishes");
    engine.Join();
  }
  bool timed_out = false, other_ok = true;
  for (auto& b : sink.batches) {
    for (uint32_t s = 0; s < b->count; ++s) {
      if (b->codes[s * 2 + 1] == static_cast<int32_t>(ErrorCode::kTimeout)) timed_out = true;
      if (b->codes[s * 2] != 0) other_ok = false;
    }
  }
  Ok(timed_out, "hang: the hanging camera is recorded as ERR_CAMERA_TIMEOUT");
  Ok(other_ok, "hang: the other camera's samples are unaffected");
  Ok(ThreadsGone(2000), "hang: threads joined once the hung call returned");
}

void StopMidRun() {
  Rig rig({0, 0});
  FakeSink sink;
  LatchOptions o = Options(rig, LatchStrategy::kParallel, 1000000);
  o.interval_ns = 1000000;
  LatchEngine engine(o, &sink);
  engine.Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  engine.RequestStop();
  Ok(sink.WaitFinished(2000), "stop: the run ends after RequestStop");
  engine.Join();
  Ok(sink.done.end == LatchEnd::kStopped && sink.done.samples_done == sink.Samples() && sink.Samples() > 0,
     "stop: end = stopped and every measured sample delivered", std::to_string(sink.Samples()));
  Ok(ThreadsGone(1000), "stop: every native thread joined");
}

void ReaderGone() {
  Rig rig({0, 0});
  FakeSink sink;
  sink.gone_after = 1;
  LatchOptions o = Options(rig, LatchStrategy::kParallel, 100000);
  o.batch_size = 4;
  {
    LatchEngine engine(o, &sink);
    engine.Start();
    Ok(sink.WaitFinished(5000), "reader gone: the run ends by itself");
  }
  Ok(sink.done.end == LatchEnd::kAbandoned, "reader gone: end = abandoned");
  Ok(ThreadsGone(1000), "reader gone: every native thread joined");
}

void StartFails(int fail_at, const std::string& what) {
  Rig rig({0, 0, 0});
  FakeSink sink;
  LatchOptions o = Options(rig, LatchStrategy::kParallel, 10);
  o.fail_thread_start = fail_at;
  bool threw = false;
  {
    LatchEngine engine(o, &sink);
    try {
      engine.Start();
    } catch (const std::system_error&) {
      threw = true;
    }
    Ok(threw, what + ": Start() reports the failure");
    Ok(LatchEngine::LiveThreads() == 0, what + ": the threads it had started are joined before it returns",
       std::to_string(LatchEngine::LiveThreads()) + " alive");
    engine.Join();
  }  // a joinable std::thread left behind would have called std::terminate here
  Ok(!sink.finished && sink.batches.empty(), what + ": nothing was sampled or delivered");
  int fired = 0;
  for (auto* c : rig.cams) fired += c->fired.load();
  Ok(fired == 0, what + ": no camera was latched");
}

}  // namespace

int main() {
  Completes(LatchStrategy::kParallel, "parallel");
  Completes(LatchStrategy::kSequential, "sequential");
  HangingCamera();
  StopMidRun();
  ReaderGone();
  StartFails(2, "camera thread 2 fails to start");
  StartFails(0, "camera thread 0 fails to start");
  StartFails(3, "coordinator fails to start");
  return taptest::Finish();
}

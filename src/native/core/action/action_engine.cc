#include "action_engine.h"

#include <arpa/inet.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "../clock.h"
#include "../sample_schedule.h"
#include "../thread_name.h"

namespace ptpcam {

namespace {

std::atomic<int> g_live_threads{0};
// A frame wait returns this often so a collector sees the stop flag and frees the camera lock.
constexpr int64_t kFramePollNs = 20LL * 1000000LL;
// Asked to stop while cameras still owe frames: wait this long for them, not the whole timeout.
constexpr int64_t kStopGraceNs = 200LL * 1000000LL;
// Send instants the frame matcher may compare against; older ones are forgotten (constant memory).
constexpr size_t kSendsKept = 1024;

struct LiveThread {
  LiveThread() { g_live_threads.fetch_add(1); }
  ~LiveThread() { g_live_threads.fetch_sub(1); }
};

int64_t TicksToNs(uint64_t ticks, uint64_t hz) {
  if (hz == 0) return static_cast<int64_t>(ticks);
  return static_cast<int64_t>(static_cast<unsigned __int128>(ticks) * 1000000000u / hz);
}

std::unique_ptr<ActionBatch> NewBatch(uint64_t first, size_t cameras, size_t capacity) {
  auto b = std::make_unique<ActionBatch>();
  b->first_index = first;
  b->cameras = static_cast<uint32_t>(cameras);
  const size_t cells = cameras * capacity;
  b->timestamps.resize(cells);
  b->ts_is_ns.resize(cells);
  b->sent_ns.resize(cells);
  b->sent_source.resize(cells);
  b->arrival_ns.resize(cells);
  b->block_ids.resize(cells);
  b->acked.resize(cells);
  b->codes.resize(cells);
  b->sdk_codes.resize(cells);
  return b;
}

void Shrink(ActionBatch& b) {
  const size_t cells = static_cast<size_t>(b.count) * b.cameras;
  b.timestamps.resize(cells);
  b.ts_is_ns.resize(cells);
  b.sent_ns.resize(cells);
  b.sent_source.resize(cells);
  b.arrival_ns.resize(cells);
  b.block_ids.resize(cells);
  b.acked.resize(cells);
  b.codes.resize(cells);
  b.sdk_codes.resize(cells);
}

}  // namespace

int ActionEngine::LiveThreads() { return g_live_threads.load(); }

ActionEngine::ActionEngine(ActionOptions options, ActionSink* sink) : opt_(std::move(options)), sink_(sink) {
  if (opt_.batch_size == 0) opt_.batch_size = 1;
  if (opt_.buffers == 0) opt_.buffers = 1;
}

ActionEngine::~ActionEngine() {
  Abandon();
  Join();
}

CamError ActionEngine::Prepare() {
  std::vector<std::string> addresses;
  std::vector<std::string> serials;
  std::vector<size_t> network;
  for (size_t i = 0; i < opt_.cameras.size(); ++i) {
    auto cam = std::make_unique<Cam>();
    CameraSlot& slot = *opt_.cameras[i];
    slot.With([&](Camera& c) {
      cam->receiver = c.InProcessActionReceiver();
      return CamError::None();
    });
    if (!cam->receiver) {
      network.push_back(i);
      addresses.push_back(slot.info().address);
      serials.push_back(slot.info().serial);
      in_addr a{};
      if (inet_pton(AF_INET, slot.info().address.c_str(), &a) == 1) cam->ip = a.s_addr;
    }
    cams_.push_back(std::move(cam));
  }
  std::vector<ActionDestination> planned;
  CamError err = PlanDestinations(addresses, serials, LocalSubnets(), opt_.force_unicast, &planned);
  if (!err.ok()) return err;
  // PlanDestinations counted only the network cameras; map back to the run's indexes.
  for (auto& d : planned) {
    for (auto& c : d.cameras) c = network[c];
    for (size_t c : d.cameras) cams_[c]->destination = destinations_.size();
    destinations_.push_back(std::move(d));
  }
  if (opt_.tick_hz.size() != opt_.cameras.size()) opt_.tick_hz.assign(opt_.cameras.size(), 0);
  return CamError::None();
}

void ActionEngine::Start() {
  if (cams_.size() != opt_.cameras.size()) {
    CamError err = Prepare();
    if (!err.ok()) cams_.clear();
  }
  for (size_t i = 0; i < cams_.size(); ++i) cams_[i]->thread = std::thread(&ActionEngine::CollectorMain, this, i);
  coordinator_ = std::thread(&ActionEngine::CoordinatorMain, this);
}

void ActionEngine::RequestStop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_.store(true);
  }
  cv_.notify_all();
}

void ActionEngine::Abandon() {
  abandon_.store(true);
  RequestStop();
}

void ActionEngine::Join() {
  if (joined_) return;
  joined_ = true;
  if (coordinator_.joinable()) coordinator_.join();
}

void ActionEngine::CollectorMain(size_t index) {
  LiveThread live;
  SetThreadName("ptpcam-frames-" + std::to_string(index));
  Cam& me = *cams_[index];
  CameraSlot& slot = *opt_.cameras[index];
  CamError started = slot.With([&](Camera& c) { return c.StartFrames(opt_.buffers); });
  {
    std::lock_guard<std::mutex> lock(mu_);
    me.started = true;
    me.start_error = started;
  }
  cv_.notify_all();
  if (!started.ok()) return;

  while (!collectors_stop_.load(std::memory_order_acquire)) {
    FrameInfo f;
    CamError e;
    {
      auto lock = slot.Lock();
      Camera* cam = slot.camera_locked();
      e = cam ? cam->WaitFrame(kFramePollNs, &f)
              : CamError::Make(ErrorCode::kClosed, "camera " + slot.info().serial + " was closed");
    }
    if (e.code == ErrorCode::kTimeout) continue;
    if (!e.ok()) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        me.stream_error = e;
      }
      if (e.code == ErrorCode::kClosed) break;
      // A stream that fails at once would otherwise spin; the error is named in the samples it costs.
      SleepUntilMonotonic(MonotonicNs() + kFramePollNs);
      continue;
    }
    const int64_t camera_ns = f.timestamp_is_ns ? static_cast<int64_t>(f.timestamp) : TicksToNs(f.timestamp, opt_.tick_hz[index]);
    bool wake = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      MatchResult r = me.matcher.Place(f.block_id, camera_ns, sends_, sends_first_, has_open_, open_);
      me.lost += r.lost_before;
      if (r.kind == MatchResult::kOpen && !me.has_frame) {
        me.has_frame = true;
        me.frame = f;
        wake = --pending_ == 0;
      } else if (r.kind != MatchResult::kOpen) {
        ++me.late;
      }
    }
    if (wake) cv_.notify_all();
  }
  // A stream whose settings cannot be put back (a lost camera, say) must reach the report, not vanish here.
  CamError stopped = slot.With([](Camera& c) { return c.StopFrames(); });
  std::lock_guard<std::mutex> lock(mu_);
  me.stop_error = stopped;
}

bool ActionEngine::WaitCollectorsStarted(CamError* error) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] {
    if (abandon_.load()) return true;
    for (const auto& c : cams_)
      if (!c->started) return false;
    return true;
  });
  for (size_t i = 0; i < cams_.size(); ++i) {
    if (!cams_[i]->start_error.ok()) {
      *error = cams_[i]->start_error;
      const std::string serial = opt_.cameras[i]->info().serial;
      if (error->message.find(serial) == std::string::npos) error->message = "camera " + serial + ": " + error->message;
      return false;
    }
  }
  return !abandon_.load();
}

void ActionEngine::SleepInterruptibly(int64_t until_mono) {
  std::unique_lock<std::mutex> lock(mu_);
  const int64_t left = until_mono - MonotonicNs();
  if (left <= 0) return;
  cv_.wait_for(lock, std::chrono::nanoseconds(left), [&] { return stop_.load(); });
}

void ActionEngine::RunSample(uint64_t k, ActionBatch& batch) {
  const size_t n = cams_.size();
  const size_t row = static_cast<size_t>(batch.count) * n;
  const int64_t provisional = RealtimeNs();
  {
    std::lock_guard<std::mutex> lock(mu_);
    has_open_ = true;
    open_ = k;
    pending_ = n;
    for (auto& c : cams_) c->has_frame = false;
    if (sends_.empty()) sends_first_ = k;
    sends_.push_back(provisional);
    if (sends_.size() > kSendsKept) {
      const size_t drop = sends_.size() - kSendsKept / 2;
      sends_.erase(sends_.begin(), sends_.begin() + static_cast<std::ptrdiff_t>(drop));
      sends_first_ += drop;
    }
  }

  // GVCP reserves request id 0.
  const uint16_t request_id = static_cast<uint16_t>(k % 0xFFFFu + 1);
  std::vector<SendStamp> stamps(destinations_.size());
  std::vector<CamError> send_errors(destinations_.size());
  for (size_t d = 0; d < destinations_.size(); ++d)
    send_errors[d] = sender_.Send(destinations_[d], opt_.keys, request_id, opt_.request_ack, &stamps[d]);
  // Simulated cameras: the same instant a network send would carry, from the clock (there is no wire).
  SendStamp sim;
  sim.realtime_ns = RealtimeNs();
  sim.source = SendStampSource::kSimulated;
  for (auto& c : cams_)
    if (c->receiver) c->receiver->Deliver(opt_.keys, sim.realtime_ns);
  const int64_t sent_mono = MonotonicNs();
  {
    std::lock_guard<std::mutex> lock(mu_);
    int64_t first = sim.realtime_ns;
    for (size_t d = 0; d < stamps.size(); ++d)
      if (send_errors[d].ok()) first = std::min(first, stamps[d].realtime_ns);
    sends_.back() = first;
  }

  std::vector<AckSeen> acks;
  if (opt_.request_ack && !destinations_.empty()) {
    std::vector<uint32_t> wanted;
    for (auto& c : cams_)
      if (!c->receiver) wanted.push_back(c->ip);
    sender_.CollectAcks(request_id, wanted, wanted.size(), sent_mono + std::min(opt_.ack_timeout_ns, opt_.timeout_ns), &acks);
  }

  const int64_t deadline = sent_mono + opt_.timeout_ns;
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    if (pending_ == 0) break;
    const int64_t now = MonotonicNs();
    if (now >= deadline) break;
    if (stop_.load() && now - sent_mono > kStopGraceNs) break;
    const int64_t until = stop_.load() ? std::min(deadline, sent_mono + kStopGraceNs) : deadline;
    cv_.wait_for(lock, std::chrono::nanoseconds(std::max<int64_t>(until - now, 1000)));
  }
  has_open_ = false;

  for (size_t i = 0; i < n; ++i) {
    Cam& c = *cams_[i];
    const size_t at = row + i;
    const SendStamp& s = c.receiver ? sim : stamps[c.destination];
    batch.sent_ns[at] = s.realtime_ns;
    batch.sent_source[at] = static_cast<uint8_t>(s.source);
    int8_t acked = -1;
    int ack_status = -1;  // the status of a refusing ACTION_ACK (e.g. 0x8001 from a camera without actions)
    if (opt_.request_ack && !c.receiver) {
      acked = 0;
      for (const auto& a : acks) {
        if (a.from_ip != c.ip) continue;
        if (a.status == 0) acked = 1;
        else ack_status = a.status;
      }
    }
    batch.acked[at] = acked;
    CamError err;
    if (!c.receiver && !send_errors[c.destination].ok()) {
      err = send_errors[c.destination];
    } else if (!c.has_frame) {
      const std::string serial = opt_.cameras[i]->info().serial;
      std::string why = "camera " + serial + ": no frame for action " + std::to_string(k) + " within " +
                        std::to_string(opt_.timeout_ns / 1000000LL) + " ms";
      if (acked == 0 && ack_status >= 0) {
        char status[8];
        std::snprintf(status, sizeof status, "%04x", ack_status);
        why += std::string(" (its ACTION_ACK refused the command with status 0x") + status + ")";
      } else if (acked == 0) {
        why += " (no ACTION_ACK either: the camera ignored the action; check its device key, group key and mask)";
      }
      if (!c.stream_error.ok()) why += " (stream: " + c.stream_error.message + ")";
      err = CamError::Make(ErrorCode::kFrameMissed, why);
    } else if (!c.frame.complete) {
      err = CamError::Make(ErrorCode::kFrameMissed,
                           "camera " + opt_.cameras[i]->info().serial + ": frame " + std::to_string(c.frame.block_id) +
                               " of action " + std::to_string(k) + " arrived incomplete (status " +
                               std::to_string(c.frame.status) + ")",
                           c.frame.status);
    }
    batch.codes[at] = static_cast<int32_t>(err.code);
    batch.sdk_codes[at] = err.sdk_code;
    if (err.ok()) {
      batch.timestamps[at] = c.frame.timestamp;
      batch.ts_is_ns[at] = c.frame.timestamp_is_ns ? 1 : 0;
      batch.arrival_ns[at] = c.frame.arrival_ns;
      batch.block_ids[at] = c.frame.block_id;
    } else {
      batch.timestamps[at] = 0;
      batch.ts_is_ns[at] = 0;
      batch.arrival_ns[at] = 0;
      batch.block_ids[at] = 0;
      batch.failures.push_back({batch.count, static_cast<uint32_t>(i), err.message});
    }
  }
}

bool ActionEngine::Flush(std::unique_ptr<ActionBatch>& batch, uint64_t next_index) {
  if (batch->count == 0) return true;
  Shrink(*batch);
  const bool delivered = sink_->Deliver(std::move(batch));
  batch = NewBatch(next_index, cams_.size(), opt_.batch_size);
  return delivered;
}

void ActionEngine::StopCollectors() {
  collectors_stop_.store(true, std::memory_order_release);
  for (auto& c : cams_)
    if (c->thread.joinable()) c->thread.join();
}

void ActionEngine::CoordinatorMain() {
  LiveThread live;
  SetThreadName("ptpcam-action");
  ActionDone info;
  info.end = ActionEnd::kCompleted;
  for (const auto& d : destinations_) info.destinations.push_back(d.label);

  if (cams_.size() != opt_.cameras.size()) {
    info.end = ActionEnd::kFailed;
    info.error = CamError::Make(ErrorCode::kInvalidArgument, "the action engine was not prepared");
  } else if (!destinations_.empty()) {
    info.error = sender_.Open(opt_.kernel_stamps);
    if (!info.error.ok()) info.end = ActionEnd::kFailed;
    info.kernel_stamps = sender_.kernel_stamps();
  }
  if (info.end != ActionEnd::kFailed && !WaitCollectorsStarted(&info.error)) {
    info.end = abandon_.load() ? ActionEnd::kAbandoned : ActionEnd::kFailed;
  }

  uint64_t done = 0;
  bool reader_gone = false;
  if (info.end == ActionEnd::kCompleted) {
    // A camera that has just started acquisition may not be armed for its trigger yet.
    SleepInterruptibly(MonotonicNs() + opt_.start_delay_ns);
    auto batch = NewBatch(0, cams_.size(), opt_.batch_size);
    SampleSchedule schedule(opt_.interval_ns, opt_.batch_size, opt_.batch_max_age_ns, MonotonicNs());
    while (done < opt_.samples && !stop_.load()) {
      SleepInterruptibly(schedule.target());
      if (stop_.load()) break;
      RunSample(done, *batch);
      ++batch->count;
      ++done;
      if (schedule.SampleDone(batch->count, MonotonicNs()) && !Flush(batch, done)) {
        reader_gone = true;
        break;
      }
    }
    if (!reader_gone) reader_gone = !Flush(batch, done);
  }

  StopCollectors();
  sender_.Close();
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& c : cams_) {
      info.late_frames.push_back(c->late);
      info.stop_errors.push_back(c->started && c->start_error.ok() ? c->stop_error : CamError::None());
      info.lost_frames.push_back(c->lost);
    }
  }
  info.samples_done = done;
  if (info.end != ActionEnd::kFailed) {
    info.end = abandon_.load() || reader_gone ? ActionEnd::kAbandoned
               : done < opt_.samples          ? ActionEnd::kStopped
                                              : ActionEnd::kCompleted;
  }
  finished_.store(true, std::memory_order_release);
  sink_->Finish(info);
}

}  // namespace ptpcam

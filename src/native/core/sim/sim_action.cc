#include "sim_action.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "../clock.h"

namespace ptpcam {

namespace {

constexpr int64_t kSensorWidth = 1920;
constexpr int64_t kSensorHeight = 1200;
// Exposure plus readout plus one GVSP frame on the wire: when the frame reaches the host after its trigger.
constexpr int64_t kFrameDelayNs = 300LL * 1000;

bool IsTriggerQualified(const std::string& n) { return n == "TriggerMode" || n == "TriggerSource"; }
bool IsActionQualified(const std::string& n) { return n == "ActionGroupKey" || n == "ActionGroupMask"; }

int BytesPerPixel(const std::string& format) { return format == "Mono8" ? 1 : format == "RGB8" ? 3 : 2; }

}  // namespace

SimActionFeatures::SimActionFeatures(const SimCameraConfig& cfg) : cfg_(cfg) {
  // A camera as a previous application might have left it: free running, full sensor, 12-bit.
  enums_["TriggerSelector"] = {"FrameStart", {"FrameStart", "AcquisitionStart"}};
  std::vector<std::string> sources = {"Software", "Line0"};
  if (cfg.action.supported) sources.push_back("Action1");
  for (const char* sel : {"FrameStart", "AcquisitionStart"}) {
    enums_[std::string("TriggerMode@") + sel] = {"Off", {"Off", "On"}};
    enums_[std::string("TriggerSource@") + sel] = {"Line0", sources};
  }
  enums_["PixelFormat"] = {"Mono12", {"Mono8", "Mono12", "RGB8"}};
  enums_["AcquisitionMode"] = {"SingleFrame", {"Continuous", "SingleFrame", "MultiFrame"}};
  ints_["Width"] = {kSensorWidth, 16, kSensorWidth, 16, true, true};
  ints_["Height"] = {kSensorHeight, 8, kSensorHeight, 2, true, true};
  ints_["OffsetX"] = {0, 0, 0, 16, true, true};
  ints_["OffsetY"] = {0, 0, 0, 2, true, true};
  ints_["GevTimestampTickFrequency"] = {static_cast<int64_t>(cfg.action.tick_hz), 1, INT64_MAX, 1, true, false};
  if (cfg.action.supported) {
    ints_["ActionDeviceKey"] = {0, 0, 0xFFFFFFFFLL, 1, false, true};
    ints_["ActionSelector"] = {1, 1, 2, 1, true, true};
    for (const char* sel : {"1", "2"}) {
      ints_[std::string("ActionGroupKey@") + sel] = {0, 0, 0xFFFFFFFFLL, 1, true, true};
      ints_[std::string("ActionGroupMask@") + sel] = {0, 0, 0xFFFFFFFFLL, 1, true, true};
    }
  }
}

std::string SimActionFeatures::Key(const std::string& name) const {
  if (IsTriggerQualified(name)) return name + "@" + enums_.at("TriggerSelector").value;
  if (IsActionQualified(name)) {
    auto sel = ints_.find("ActionSelector");
    return sel == ints_.end() ? name : name + "@" + std::to_string(sel->second.value);
  }
  return name;
}

bool SimActionFeatures::IsEnum(const std::string& name) const { return enums_.count(Key(name)) != 0; }
bool SimActionFeatures::IsInt(const std::string& name) const {
  return name == "PayloadSize" || ints_.count(Key(name)) != 0;
}
bool SimActionFeatures::IsCommand(const std::string& name) const {
  return name == "AcquisitionStart" || name == "AcquisitionStop";
}
bool SimActionFeatures::Has(const std::string& name) const { return IsEnum(name) || IsInt(name) || IsCommand(name); }

std::string SimActionFeatures::Access(const std::string& name) const {
  if (IsCommand(name)) return "WO";
  if (name == "PayloadSize") return "RO";
  auto i = ints_.find(Key(name));
  if (i != ints_.end()) return i->second.readable ? (i->second.writable ? "RW" : "RO") : "WO";
  return IsEnum(name) ? "RW" : "NA";
}

bool SimActionFeatures::Locked(const std::string& name) const {
  // Values the stream depends on cannot change under a running acquisition.
  return acquiring_ && (name == "Width" || name == "Height" || name == "PixelFormat" || name == "OffsetX" ||
                        name == "OffsetY" || name == "AcquisitionMode");
}

int64_t SimActionFeatures::PayloadSize() const {
  return ints_.at("Width").value * ints_.at("Height").value * BytesPerPixel(enums_.at("PixelFormat").value);
}

CamError SimActionFeatures::GetEnum(const std::string& name, std::string* out) const {
  auto e = enums_.find(Key(name));
  if (e == enums_.end()) return CamError::Make(ErrorCode::kFeatureMissing, "feature " + name + " not found");
  *out = e->second.value;
  return CamError::None();
}

CamError SimActionFeatures::SetEnum(const std::string& name, const std::string& value) {
  auto e = enums_.find(Key(name));
  if (e == enums_.end()) return CamError::Make(ErrorCode::kFeatureMissing, "feature " + name + " not found");
  if (Locked(name)) return CamError::Make(ErrorCode::kAccessDenied, name + " cannot change while acquiring");
  const auto& entries = e->second.entries;
  if (std::find(entries.begin(), entries.end(), value) == entries.end())
    return CamError::Make(ErrorCode::kInvalidArgument, name + " has no entry '" + value + "'");
  e->second.value = value;
  return CamError::None();
}

CamError SimActionFeatures::Entries(const std::string& name, std::vector<std::string>* out) const {
  auto e = enums_.find(Key(name));
  if (e == enums_.end()) return CamError::Make(ErrorCode::kFeatureMissing, "feature " + name + " not found");
  *out = e->second.entries;
  return CamError::None();
}

CamError SimActionFeatures::GetInt(const std::string& name, int64_t* out) const {
  if (name == "PayloadSize") {
    *out = PayloadSize();
    return CamError::None();
  }
  auto i = ints_.find(Key(name));
  if (i == ints_.end()) return CamError::Make(ErrorCode::kFeatureMissing, "feature " + name + " not found");
  if (!i->second.readable) return CamError::Make(ErrorCode::kAccessDenied, name + " is write-only");
  *out = i->second.value;
  return CamError::None();
}

CamError SimActionFeatures::SetInt(const std::string& name, int64_t value) {
  auto i = ints_.find(Key(name));
  if (i == ints_.end()) return CamError::Make(ErrorCode::kFeatureMissing, "feature " + name + " not found");
  IntFeature& f = i->second;
  if (!f.writable) return CamError::Make(ErrorCode::kAccessDenied, name + " is read-only");
  if (Locked(name)) return CamError::Make(ErrorCode::kAccessDenied, name + " cannot change while acquiring");
  if (value < f.min || value > f.max || (value - f.min) % f.inc != 0)
    return CamError::Make(ErrorCode::kInvalidArgument, name + " = " + std::to_string(value) + " is out of range");
  f.value = value;
  // The ROI stays on the sensor: offsets shrink their range as the size grows, as GenICam cameras do.
  ints_["OffsetX"].max = kSensorWidth - ints_["Width"].value;
  ints_["OffsetY"].max = kSensorHeight - ints_["Height"].value;
  ints_["Width"].max = kSensorWidth - ints_["OffsetX"].value;
  ints_["Height"].max = kSensorHeight - ints_["OffsetY"].value;
  return CamError::None();
}

CamError SimActionFeatures::Range(const std::string& name, int64_t* min, int64_t* max, int64_t* inc) const {
  auto i = ints_.find(Key(name));
  if (i == ints_.end()) return CamError::Make(ErrorCode::kFeatureMissing, "feature " + name + " not found");
  *min = i->second.min;
  *max = i->second.max;
  *inc = i->second.inc;
  return CamError::None();
}

CamError SimActionFeatures::Execute(const std::string& name) {
  if (name == "AcquisitionStart") acquiring_ = true;
  else if (name == "AcquisitionStop") acquiring_ = false;
  else return CamError::Make(ErrorCode::kFeatureMissing, "feature " + name + " not found");
  return CamError::None();
}

bool SimActionFeatures::ArmedForAction(ActionKeys* keys) const {
  if (!cfg_.action.supported) return false;
  if (enums_.at("TriggerMode@FrameStart").value != "On") return false;
  if (enums_.at("TriggerSource@FrameStart").value != "Action1") return false;
  keys->device_key = static_cast<uint32_t>(ints_.at("ActionDeviceKey").value);
  // Action1 answers the keys of ActionSelector 1.
  keys->group_key = static_cast<uint32_t>(ints_.at("ActionGroupKey@1").value);
  keys->group_mask = static_cast<uint32_t>(ints_.at("ActionGroupMask@1").value);
  return true;
}

SimFrameStream::SimFrameStream(const SimCameraConfig& cfg, uint64_t seed, std::function<int64_t(int64_t)> camera_clock)
    : cfg_(cfg), clock_(std::move(camera_clock)), rng_(seed) {}

void SimFrameStream::Start(bool armed, const ActionKeys& keys) {
  std::lock_guard<std::mutex> lock(mu_);
  running_ = true;
  armed_ = armed;
  keys_ = keys;
  queue_.clear();
}

void SimFrameStream::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    running_ = false;
    queue_.clear();
  }
  cv_.notify_all();
}

void SimFrameStream::Deliver(const ActionKeys& keys, int64_t sent) {
  std::unique_lock<std::mutex> lock(mu_);
  if (!running_ || !armed_ || cfg_.faults.ignore_actions) return;
  // The GigE Vision rule: same device key, same group key, and a common bit in the group masks.
  if (keys.device_key != keys_.device_key || keys.group_key != keys_.group_key ||
      (keys.group_mask & keys_.group_mask) == 0)
    return;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  const SimActionConfig& a = cfg_.action;
  const double delay = unit(rng_) * a.fanout_jitter_ns + a.trigger_latency_ns + normal(rng_) * a.trigger_jitter_ns;
  const int64_t acted = sent + static_cast<int64_t>(std::llround(std::max(0.0, delay)));
  const int64_t index = triggered_++;
  const uint64_t block = next_block_++;
  if (cfg_.faults.stop_streaming_at_frame >= 0 && index >= cfg_.faults.stop_streaming_at_frame) return;
  if (cfg_.faults.miss_frame_probability > 0 && unit(rng_) < cfg_.faults.miss_frame_probability) return;
  const int64_t camera_ns = clock_(acted) + static_cast<int64_t>(std::llround(normal(rng_) * cfg_.latch_jitter_ns));
  Pending p;
  p.ready_mono = MonotonicNs() + (acted - sent) + kFrameDelayNs;
  p.frame.block_id = block;
  // Ticks of the camera's counter at camera_ns, floored as a counter would be.
  p.frame.timestamp = static_cast<uint64_t>(static_cast<unsigned __int128>(static_cast<uint64_t>(camera_ns)) * a.tick_hz / 1000000000u);
  p.frame.timestamp_is_ns = false;
  queue_.push_back(p);
  lock.unlock();
  cv_.notify_all();
}

CamError SimFrameStream::Wait(int64_t timeout_ns, FrameInfo* out) {
  const int64_t deadline = MonotonicNs() + timeout_ns;
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    if (!running_) return CamError::Make(ErrorCode::kClosed, "the stream of " + cfg_.serial + " is stopped");
    const int64_t now = MonotonicNs();
    if (!queue_.empty() && queue_.front().ready_mono <= now) {
      *out = queue_.front().frame;
      out->arrival_ns = RealtimeNs();
      queue_.pop_front();
      return CamError::None();
    }
    if (now >= deadline) return CamError::Make(ErrorCode::kTimeout, "no frame");
    const int64_t until = queue_.empty() ? deadline : std::min(deadline, queue_.front().ready_mono);
    cv_.wait_for(lock, std::chrono::nanoseconds(std::max<int64_t>(until - now, 1000)));
  }
}

}  // namespace ptpcam

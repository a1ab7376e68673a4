#include "sim_camera.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "../clock.h"
#include "sim_driver.h"

namespace ptpcam {

namespace {

bool IsPtpStyle(const SimCameraConfig& c) { return c.features == "ptp"; }
bool IsGevStyle(const SimCameraConfig& c) { return c.features == "gev1588"; }

}  // namespace

uint64_t ClockIdFromString(const std::string& text) {
  uint64_t v = 0;
  for (char ch : text) {
    int d;
    if (ch >= '0' && ch <= '9') d = ch - '0';
    else if (ch >= 'a' && ch <= 'f') d = ch - 'a' + 10;
    else if (ch >= 'A' && ch <= 'F') d = ch - 'A' + 10;
    else continue;
    v = (v << 4) | static_cast<uint64_t>(d);
  }
  return v;
}

uint64_t ClockIdForSerial(const std::string& serial) {
  // Locally administered OUI 0x02..., the "fffe" middle that EUI-48-derived clock identities carry.
  uint64_t h = std::hash<std::string>{}(serial);
  return (0x02ULL << 56) | (((h >> 8) & 0xFFFFULL) << 40) | (0xFFFEULL << 24) | (h & 0xFFFFFFULL);
}

DeviceInfo SimDeviceInfo(const SimCameraConfig& cfg, size_t index) {
  DeviceInfo info;
  info.vendor = cfg.vendor;
  info.model = cfg.model;
  info.serial = cfg.serial;
  info.interface_name = cfg.interface_name;
  info.address = "sim:" + std::to_string(index);
  info.id = cfg.vendor + "-" + cfg.serial;
  return info;
}

SimCamera::SimCamera(std::shared_ptr<SimShared> shared, size_t index)
    : shared_(std::move(shared)),
      cfg_(shared_->rig.cameras[index]),
      info_(SimDeviceInfo(cfg_, index)),
      clock_id_(ClockIdForSerial(cfg_.serial)),
      rng_(shared_->rig.seed * 0x9E3779B97F4A7C15ULL + index + 1),
      action_(cfg_) {
  // The frame stream reads the same clock model the latch does (offset and drift; jitter is its own).
  std::shared_ptr<SimShared> shared_for_clock = shared_;
  const SimCameraConfig* cfg = &cfg_;
  stream_ = std::make_shared<SimFrameStream>(
      cfg_, shared_->rig.seed * 0xD1B54A32D192ED03ULL + index + 1, [shared_for_clock, cfg](int64_t at) {
        const double drift = cfg->drift_ppb * 1e-9 * static_cast<double>(at - shared_for_clock->epoch_realtime_ns);
        return at + cfg->offset_ns + static_cast<int64_t>(std::llround(drift));
      });
  if (cfg_.ptp_enabled && cfg_.features != "none") {
    ptp_enabled_ = true;
    enabled_at_ = MonotonicNs() - (cfg_.listening_ms + cfg_.uncalibrated_ms + 1) * 1000000LL;
    latched_ = LiveDataSet();
  }
}

SimCamera::~SimCamera() { Close(); }

void SimCamera::Close() {
  if (!open_) return;
  open_ = false;
  stream_->Stop();
  SimControl::Release(cfg_.serial);
}

SimCamera::Kind SimCamera::FeatureKind(const std::string& n) const {
  if (n == "TimestampLatch") return Kind::kCommand;
  if (n == "TimestampLatchValue") return Kind::kInt;
  if (n == "DeviceSerialNumber" || n == "DeviceModelName" || n == "DeviceVendorName") return Kind::kEnum;
  if (IsPtpStyle(cfg_)) {
    if (n == "PtpEnable") return Kind::kBool;
    if (n == "PtpStatus" || n == "PtpServoStatus") return Kind::kEnum;
    if (n == "PtpDataSetLatch") return Kind::kCommand;
    if (n == "PtpOffsetFromMaster" || n == "PtpGrandmasterClockID" || n == "PtpParentClockID" ||
        n == "PtpClockID")
      return Kind::kInt;
  } else if (IsGevStyle(cfg_)) {
    if (n == "GevIEEE1588") return Kind::kBool;
    if (n == "GevIEEE1588Status") return Kind::kEnum;
  }
  return Kind::kNone;
}

bool SimCamera::HasFeature(const std::string& name) { return FeatureKind(name) != Kind::kNone || action_.Has(name); }

CamError SimCamera::RoundTrip(int64_t* acted_at) {
  const SimLatency& l = cfg_.latency;
  const SimFaults& f = cfg_.faults;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);

  if (dead_) {
    WaitUntilMonotonic(MonotonicNs() + f.sdk_timeout_ms * 1000000LL);
    return CamError::Make(ErrorCode::kTimeout, "camera " + cfg_.serial + " did not answer (simulated fault)", 0);
  }

  double trip_ns = l.median_us > 0 ? l.median_us * 1000.0 * std::exp(l.sigma * normal(rng_)) : 0.0;
  if (l.tail_probability > 0 && unit(rng_) < l.tail_probability) {
    std::exponential_distribution<double> tail(1.0 / std::max(l.tail_us * 1000.0, 1.0));
    trip_ns += tail(rng_);
  }
  trip_ns += static_cast<double>(f.slow_ms) * 1e6;
  double point = l.latch_point + (unit(rng_) * 2.0 - 1.0) * l.latch_point_jitter;
  point = std::min(1.0, std::max(0.0, point));

  // The camera acts at a set point of the trip; the caller's thread stays blocked for the whole trip.
  const int64_t start = MonotonicNs();
  *acted_at = RealtimeNs() + static_cast<int64_t>(trip_ns * point);
  WaitUntilMonotonic(start + static_cast<int64_t>(trip_ns));
  return CamError::None();
}

SimCamera::Port SimCamera::PortNow(int64_t now) const {
  if (!ptp_enabled_) return Port::kDisabled;
  const SimFaults& f = cfg_.faults;
  const int64_t ms = (now - enabled_at_) / 1000000LL;
  if (f.faulty_after_ms >= 0 && ms >= f.faulty_after_ms) return Port::kFaulty;
  if (f.never_converges || ms < cfg_.listening_ms) return Port::kListening;
  const bool master = cfg_.role == "master";
  if (ms < cfg_.listening_ms + cfg_.uncalibrated_ms) return master ? Port::kPreMaster : Port::kUncalibrated;
  if (master) return Port::kMaster;
  const int64_t converged_ms = cfg_.listening_ms + cfg_.uncalibrated_ms;
  if (f.become_master_after_ms >= 0 && ms >= converged_ms + f.become_master_after_ms) return Port::kMaster;
  return Port::kSlave;
}

uint64_t SimCamera::GrandmasterFor(Port port) const {
  if (port == Port::kMaster || port == Port::kPreMaster) return clock_id_;
  if (port != Port::kSlave && port != Port::kUncalibrated) return 0;
  if (!cfg_.faults.grandmaster_id.empty()) return ClockIdFromString(cfg_.faults.grandmaster_id);
  const SimRig& rig = shared_->rig;
  if (rig.host_role == "grandmaster") return ClockIdFromString(rig.host_clock_id);
  if (rig.host_role == "slave") return ClockIdFromString(rig.outside_grandmaster_id);
  // Camera-led rig: slaves follow the first camera that is configured to win the election.
  for (const auto& c : rig.cameras)
    if (c.role == "master") return ClockIdForSerial(c.serial);
  return 0;
}

SimCamera::DataSet SimCamera::LiveDataSet() {
  DataSet d;
  d.port = PortNow(MonotonicNs());
  d.grandmaster = GrandmasterFor(d.port);
  d.parent = d.port == Port::kSlave || d.port == Port::kUncalibrated ? d.grandmaster : clock_id_;
  if (d.port == Port::kSlave) {
    // What the servo measures is what the clock has: the configured offset, the drift so far, the residual. A
    // whole-second part of the offset is a timescale (a camera presenting TAI while the host is on UTC): the
    // servo locks to the master's seconds and does not see it, which is why ptpcam must find it by latching.
    const int64_t at = RealtimeNs();
    const double drift = cfg_.drift_ppb * 1e-9 * static_cast<double>(at - shared_->epoch_realtime_ns);
    const int64_t whole = (cfg_.offset_ns >= 0 ? cfg_.offset_ns + 500000000LL : cfg_.offset_ns - 500000000LL) / 1000000000LL * 1000000000LL;
    d.offset_from_master = cfg_.offset_ns - whole + static_cast<int64_t>(std::llround(drift + wander_.At(at, rng_)));
  } else if (d.port == Port::kUncalibrated) {
    d.offset_from_master = 250000;  // still pulling in
  }
  return d;
}

const char* SimCamera::PortName(Port port) const {
  // GigE Vision legacy cameras spell some states their own way; ptpcam maps them back in TypeScript.
  const bool gev = IsGevStyle(cfg_);
  switch (port) {
    case Port::kDisabled: return "Disabled";
    case Port::kListening: return "Listening";
    case Port::kPreMaster: return gev ? "Pre_Master" : "PreMaster";
    case Port::kUncalibrated: return gev ? "Calibrating" : "Uncalibrated";
    case Port::kSlave: return "Slave";
    case Port::kMaster: return "Master";
    case Port::kFaulty: return "Faulty";
  }
  return "Disabled";
}

CamError SimCamera::Expect(const std::string& name, Kind want) const {
  static const char* const kWhat[] = {"", "a boolean", "an enumeration", "an integer", "a command"};
  Kind k = FeatureKind(name);
  if (k == Kind::kNone) return CamError::Make(ErrorCode::kFeatureMissing, "feature " + name + " not found");
  if (k != want) return CamError::Make(ErrorCode::kTypeMismatch, name + " is not " + kWhat[static_cast<int>(want)]);
  return CamError::None();
}

CamError SimCamera::GetBool(const std::string& name, bool* out) {
  if (CamError e = Expect(name, Kind::kBool); !e.ok()) return e;
  int64_t at;
  CamError e = RoundTrip(&at);
  if (!e.ok()) return e;
  *out = ptp_enabled_;
  return e;
}

CamError SimCamera::SetBool(const std::string& name, bool value) {
  if (CamError e = Expect(name, Kind::kBool); !e.ok()) return e;
  int64_t at;
  CamError e = RoundTrip(&at);
  if (!e.ok()) return e;
  if (cfg_.enable_latency_ms > 0) SleepUntilMonotonic(MonotonicNs() + cfg_.enable_latency_ms * 1000000LL);
  if (value && !ptp_enabled_) enabled_at_ = MonotonicNs();
  ptp_enabled_ = value;
  if (!IsPtpStyle(cfg_)) latched_ = LiveDataSet();
  return e;
}

CamError SimCamera::GetEnum(const std::string& name, std::string* out) {
  if (action_.IsEnum(name)) {
    int64_t at;
    CamError e = RoundTrip(&at);
    return e.ok() ? action_.GetEnum(name, out) : e;
  }
  if (CamError e = Expect(name, Kind::kEnum); !e.ok()) return e;
  int64_t at;
  CamError e = RoundTrip(&at);
  if (!e.ok()) return e;
  if (name == "DeviceSerialNumber") *out = cfg_.serial;
  else if (name == "DeviceModelName") *out = cfg_.model;
  else if (name == "DeviceVendorName") *out = cfg_.vendor;
  else if (name == "PtpServoStatus") *out = latched_.port == Port::kSlave ? "Locked" : "Unknown";
  else {
    // Cameras with a data-set latch report the latched snapshot; legacy ones answer live.
    DataSet d = IsPtpStyle(cfg_) ? latched_ : LiveDataSet();
    *out = PortName(d.port);
  }
  return e;
}

CamError SimCamera::GetInt(const std::string& name, int64_t* out) {
  if (action_.IsInt(name)) {
    int64_t at;
    CamError e = RoundTrip(&at);
    return e.ok() ? action_.GetInt(name, out) : e;
  }
  if (CamError e = Expect(name, Kind::kInt); !e.ok()) return e;
  if (name == "TimestampLatchValue") {
    uint64_t v;
    CamError e = ReadLatch(&v);
    *out = static_cast<int64_t>(v);
    return e;
  }
  int64_t at;
  CamError e = RoundTrip(&at);
  if (!e.ok()) return e;
  if (name == "PtpOffsetFromMaster") *out = latched_.offset_from_master;
  else if (name == "PtpGrandmasterClockID") *out = static_cast<int64_t>(latched_.grandmaster);
  else if (name == "PtpParentClockID") *out = static_cast<int64_t>(latched_.parent);
  else *out = static_cast<int64_t>(clock_id_);
  return e;
}

CamError SimCamera::Execute(const std::string& name) {
  if (action_.IsCommand(name)) {
    int64_t at;
    CamError e = RoundTrip(&at);
    return e.ok() ? action_.Execute(name) : e;
  }
  if (CamError e = Expect(name, Kind::kCommand); !e.ok()) return e;
  if (name == "TimestampLatch") return FireLatch();
  int64_t at;
  CamError e = RoundTrip(&at);
  if (e.ok()) latched_ = LiveDataSet();
  return e;
}

CamError SimCamera::FireLatch() {
  // Sample k (0-based) is the first latch the camera never answers; the read of sample k-1 still succeeds.
  if (cfg_.faults.stop_answering_at_sample >= 0 && latches_ >= cfg_.faults.stop_answering_at_sample) dead_ = true;
  int64_t at;
  CamError e = RoundTrip(&at);
  if (!e.ok()) return e;
  ++latches_;
  std::normal_distribution<double> jitter(0.0, cfg_.latch_jitter_ns);
  const double drift = cfg_.drift_ppb * 1e-9 * static_cast<double>(at - shared_->epoch_realtime_ns);
  const double servo = wander_.At(at, rng_);
  latched_value_ = static_cast<uint64_t>(at + cfg_.offset_ns + static_cast<int64_t>(std::llround(drift + servo + jitter(rng_))));
  return e;
}

CamError SimCamera::ReadLatch(uint64_t* out) {
  int64_t at;
  CamError e = RoundTrip(&at);
  if (e.ok()) *out = latched_value_;
  return e;
}

}  // namespace ptpcam

namespace ptpcam {

CamError SimCamera::SetEnum(const std::string& name, const std::string& value) {
  int64_t at;
  CamError e = RoundTrip(&at);
  return e.ok() ? action_.SetEnum(name, value) : e;
}

CamError SimCamera::SetInt(const std::string& name, int64_t value) {
  int64_t at;
  CamError e = RoundTrip(&at);
  return e.ok() ? action_.SetInt(name, value) : e;
}

CamError SimCamera::GetEnumEntries(const std::string& name, std::vector<std::string>* out) {
  int64_t at;
  CamError e = RoundTrip(&at);
  return e.ok() ? action_.Entries(name, out) : e;
}

CamError SimCamera::GetIntRange(const std::string& name, int64_t* min, int64_t* max, int64_t* inc) {
  int64_t at;
  CamError e = RoundTrip(&at);
  return e.ok() ? action_.Range(name, min, max, inc) : e;
}

std::string SimCamera::FeatureAccess(const std::string& name) {
  if (action_.Has(name)) return action_.Access(name);
  return FeatureKind(name) == Kind::kNone ? "NA" : "RW";
}

CamError SimCamera::StartFrames(uint32_t buffers) {
  (void)buffers;
  int64_t at;
  CamError e = RoundTrip(&at);
  if (!e.ok()) return e;
  ActionKeys keys;
  const bool armed = action_.ArmedForAction(&keys);
  e = action_.Execute("AcquisitionStart");
  if (e.ok()) stream_->Start(armed, keys);
  return e;
}

CamError SimCamera::WaitFrame(int64_t timeout_ns, FrameInfo* out) { return stream_->Wait(timeout_ns, out); }

CamError SimCamera::StopFrames() {
  stream_->Stop();
  int64_t at;
  CamError e = RoundTrip(&at);
  return e.ok() ? action_.Execute("AcquisitionStop") : e;
}

}  // namespace ptpcam

// The action-command side of a simulated camera: the SFNC trigger, action, ROI and acquisition features it
// offers, and a frame stream that an in-process action command triggers. A frame's timestamp is the camera's
// clock at the instant it acts: the host's send instant, plus this camera's share of the switch fan-out
// (uniform jitter), plus its trigger latency (constant per model, gaussian jitter), through the same clock
// model the latch uses (offset, drift, timestamping jitter), in ticks of its GevTimestampTickFrequency.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "../camera_driver.h"
#include "sim_rig.h"

namespace ptpcam {

// The feature table, selector-aware (TriggerMode/TriggerSource per TriggerSelector, ActionGroupKey/Mask per
// ActionSelector), with the access SFNC gives each (ActionDeviceKey write-only).
class SimActionFeatures {
 public:
  explicit SimActionFeatures(const SimCameraConfig& cfg);

  bool Has(const std::string& name) const;
  bool IsEnum(const std::string& name) const;
  bool IsInt(const std::string& name) const;
  bool IsCommand(const std::string& name) const;
  std::string Access(const std::string& name) const;

  CamError GetEnum(const std::string& name, std::string* out) const;
  CamError SetEnum(const std::string& name, const std::string& value);
  CamError Entries(const std::string& name, std::vector<std::string>* out) const;
  CamError GetInt(const std::string& name, int64_t* out) const;
  CamError SetInt(const std::string& name, int64_t value);
  CamError Range(const std::string& name, int64_t* min, int64_t* max, int64_t* inc) const;
  CamError Execute(const std::string& name);

  bool acquiring() const { return acquiring_; }
  // What the stream needs when acquisition starts: is the camera waiting for Action1, and with which keys.
  bool ArmedForAction(ActionKeys* keys) const;

 private:
  struct IntFeature {
    int64_t value, min, max, inc;
    bool readable, writable;
  };
  struct EnumFeature {
    std::string value;
    std::vector<std::string> entries;
  };
  std::string Key(const std::string& name) const;  // the selector-qualified storage key
  int64_t PayloadSize() const;
  bool Locked(const std::string& name) const;       // not writable while acquiring (as SFNC cameras do)

  const SimCameraConfig& cfg_;
  std::map<std::string, IntFeature> ints_;
  std::map<std::string, EnumFeature> enums_;
  bool acquiring_ = false;
};

// Frames of one simulated camera. Deliver() runs on the action engine's coordinator thread, Wait() on the
// camera's collector thread.
class SimFrameStream : public ActionReceiver {
 public:
  // camera_clock: the camera's clock reading (ns) at a host CLOCK_REALTIME instant.
  SimFrameStream(const SimCameraConfig& cfg, uint64_t seed, std::function<int64_t(int64_t)> camera_clock);

  void Start(bool armed, const ActionKeys& keys);
  void Stop();
  void Deliver(const ActionKeys& keys, int64_t sent_realtime_ns) override;
  CamError Wait(int64_t timeout_ns, FrameInfo* out);

 private:
  struct Pending {
    int64_t ready_mono;
    FrameInfo frame;
  };
  const SimCameraConfig& cfg_;
  std::function<int64_t(int64_t)> clock_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  std::mt19937_64 rng_;
  bool running_ = false;
  bool armed_ = false;
  ActionKeys keys_;
  uint64_t next_block_ = 1;
  int64_t triggered_ = 0;
};

}  // namespace ptpcam

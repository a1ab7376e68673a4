// One simulated camera: a clock that really runs on the host's CLOCK_REALTIME, command round trips that
// really block the calling thread, and a PTP port state machine driven by the time since PTP was enabled.
#pragma once

#include "servo_wander.h"

#include <cstdint>
#include <memory>
#include <random>
#include <string>

#include "../camera_driver.h"
#include "sim_action.h"
#include "sim_rig.h"

namespace ptpcam {

struct SimShared;  // rig-wide state owned by SimDriver

class SimCamera : public Camera {
 public:
  SimCamera(std::shared_ptr<SimShared> shared, size_t index);
  ~SimCamera() override;

  const DeviceInfo& info() const override { return info_; }
  bool HasFeature(const std::string& name) override;
  CamError GetBool(const std::string& name, bool* out) override;
  CamError SetBool(const std::string& name, bool value) override;
  CamError GetEnum(const std::string& name, std::string* out) override;
  CamError GetInt(const std::string& name, int64_t* out) override;
  CamError Execute(const std::string& name) override;
  CamError FireLatch() override;
  CamError ReadLatch(uint64_t* out) override;
  // Action method (sim_action.h).
  CamError SetEnum(const std::string& name, const std::string& value) override;
  CamError SetInt(const std::string& name, int64_t value) override;
  CamError GetEnumEntries(const std::string& name, std::vector<std::string>* out) override;
  CamError GetIntRange(const std::string& name, int64_t* min, int64_t* max, int64_t* inc) override;
  std::string FeatureAccess(const std::string& name) override;
  CamError StartFrames(uint32_t buffers) override;
  CamError WaitFrame(int64_t timeout_ns, FrameInfo* out) override;
  CamError StopFrames() override;
  std::shared_ptr<ActionReceiver> InProcessActionReceiver() override { return stream_; }
  void Close() override;

 private:
  enum class Kind { kNone, kBool, kEnum, kInt, kCommand };
  enum class Port { kDisabled, kListening, kPreMaster, kUncalibrated, kSlave, kMaster, kFaulty };
  struct DataSet {
    Port port = Port::kDisabled;
    int64_t offset_from_master = 0;
    uint64_t grandmaster = 0;
    uint64_t parent = 0;
  };

  Kind FeatureKind(const std::string& name) const;
  // kFeatureMissing or kTypeMismatch unless `name` is a feature of that kind.
  CamError Expect(const std::string& name, Kind want) const;
  // Blocks for one simulated command; *acted_at is the host realtime at which the camera acted on it.
  CamError RoundTrip(int64_t* acted_at);
  Port PortNow(int64_t mono_now) const;
  DataSet LiveDataSet();
  const char* PortName(Port port) const;
  uint64_t GrandmasterFor(Port port) const;

  std::shared_ptr<SimShared> shared_;
  const SimCameraConfig& cfg_;
  DeviceInfo info_;
  uint64_t clock_id_;
  std::mt19937_64 rng_;
  // Servo residual shared by the clock and PtpOffsetFromMaster (see servo_wander.h); 1 s correlation time.
  ServoWander wander_{cfg_.servo_offset_ns, 1.0};
  bool ptp_enabled_ = false;
  int64_t enabled_at_ = 0;  // monotonic ns
  DataSet latched_;
  uint64_t latched_value_ = 0;
  int64_t latches_ = 0;
  bool dead_ = false;
  bool open_ = true;
  SimActionFeatures action_;
  std::shared_ptr<SimFrameStream> stream_;
};

// "0a0b0c.fffe.0d0e0f" (pmc's spelling) as the 64-bit integer a camera register holds.
uint64_t ClockIdFromString(const std::string& text);
DeviceInfo SimDeviceInfo(const SimCameraConfig& cfg, size_t index);
// A stable EUI-64 for a simulated camera, derived from its serial.
uint64_t ClockIdForSerial(const std::string& serial);

}  // namespace ptpcam

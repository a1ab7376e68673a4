// One simulated camera: a clock that really runs on the host's CLOCK_REALTIME, command round trips that
// really block the calling thread, and a PTP port state machine driven by the time since PTP was enabled.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <string>

#include "../camera_driver.h"
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
  bool ptp_enabled_ = false;
  int64_t enabled_at_ = 0;  // monotonic ns
  DataSet latched_;
  uint64_t latched_value_ = 0;
  int64_t latches_ = 0;
  bool dead_ = false;
  bool open_ = true;
};

// "0a0b0c.fffe.0d0e0f" (pmc's spelling) as the 64-bit integer a camera register holds.
uint64_t ClockIdFromString(const std::string& text);
DeviceInfo SimDeviceInfo(const SimCameraConfig& cfg, size_t index);
// A stable EUI-64 for a simulated camera, derived from its serial.
uint64_t ClockIdForSerial(const std::string& serial);

}  // namespace ptpcam

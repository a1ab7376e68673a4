#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "../camera_driver.h"
#include "sim_rig.h"

namespace ptpcam {

struct SimShared {
  SimRig rig;
  int64_t epoch_realtime_ns = 0;  // drift is measured from here
};

// A simulated camera is controlled by one client at a time, as GigE Vision's control privilege does; the
// process plays the camera, so the table is process-wide.
class SimControl {
 public:
  static bool Acquire(const std::string& serial);
  static void Release(const std::string& serial);
};

class SimDriver : public CameraDriver {
 public:
  explicit SimDriver(SimRig rig);
  const char* name() const override { return "sim"; }
  CamError List(std::vector<DeviceInfo>* out) override;
  CamError Open(const std::string& serial, std::unique_ptr<Camera>* out) override;

 private:
  std::shared_ptr<SimShared> shared_;
};

}  // namespace ptpcam

#include "sim_driver.h"

#include "../clock.h"
#include "sim_camera.h"

namespace ptpcam {

SimDriver::SimDriver(SimRig rig) : shared_(std::make_shared<SimShared>()) {
  shared_->rig = std::move(rig);
  shared_->epoch_realtime_ns = RealtimeNs();
}

CamError SimDriver::List(std::vector<DeviceInfo>* out) {
  out->clear();
  for (size_t i = 0; i < shared_->rig.cameras.size(); ++i) out->push_back(SimDeviceInfo(shared_->rig.cameras[i], i));
  return CamError::None();
}

CamError SimDriver::Open(const std::string& serial, std::unique_ptr<Camera>* out) {
  const auto& cams = shared_->rig.cameras;
  for (size_t i = 0; i < cams.size(); ++i) {
    if (cams[i].serial != serial) continue;
    {
      std::lock_guard<std::mutex> lock(shared_->mu);
      if (!shared_->open_serials.insert(serial).second)
        return CamError::Make(ErrorCode::kAccessDenied, "camera " + serial + " is in use by another client");
    }
    out->reset(new SimCamera(shared_, i));
    return CamError::None();
  }
  return CamError::Make(ErrorCode::kNotFound, "no camera with serial " + serial);
}

}  // namespace ptpcam

#include "sim_driver.h"

#include "../clock.h"
#include "sim_camera.h"

namespace ptpcam {

namespace {
std::mutex g_control_mu;
std::set<std::string>* g_controlled = new std::set<std::string>();  // leaked: outlives worker teardown
}  // namespace

bool SimControl::Acquire(const std::string& serial) {
  std::lock_guard<std::mutex> lock(g_control_mu);
  return g_controlled->insert(serial).second;
}

void SimControl::Release(const std::string& serial) {
  std::lock_guard<std::mutex> lock(g_control_mu);
  g_controlled->erase(serial);
}

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
    if (!SimControl::Acquire(serial))
      return CamError::Make(ErrorCode::kAccessDenied, "camera " + serial + " is in use by another client");
    out->reset(new SimCamera(shared_, i));
    return CamError::None();
  }
  return CamError::Make(ErrorCode::kNotFound, "no camera with serial " + serial);
}

}  // namespace ptpcam

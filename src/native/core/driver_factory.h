// Creates the backend a run asked for. SDK backends are loaded with dlopen here, so a machine without the SDK
// gets ERR_SDK_MISSING from this call instead of failing to load the addon.
#pragma once

#include <memory>
#include <string>

#include "camera_driver.h"
#include "sim/sim_rig.h"

namespace ptpcam {

struct DriverOptions {
  std::string backend;       // "sim" | "aravis" | "ic4"
  std::string library_path;  // aravis/ic4: explicit library to dlopen; empty = the usual sonames
  SimRig rig;                // sim only
};

CamError CreateDriver(const DriverOptions& options, std::shared_ptr<CameraDriver>* out);

// Implemented in aravis/aravis_driver.cc and ic4/ic4_driver.cc.
CamError CreateAravisDriver(const std::string& library_path, std::shared_ptr<CameraDriver>* out);
CamError CreateIc4Driver(const std::string& library_path, std::shared_ptr<CameraDriver>* out);

}  // namespace ptpcam

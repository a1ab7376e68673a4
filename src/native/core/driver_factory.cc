#include "driver_factory.h"

#include "sim/sim_driver.h"

namespace ptpcam {

CamError CreateDriver(const DriverOptions& options, std::shared_ptr<CameraDriver>* out) {
  if (options.backend == "sim") {
    *out = std::make_shared<SimDriver>(options.rig);
    return CamError::None();
  }
  if (options.backend == "aravis") return CreateAravisDriver(options.library_path, out);
  if (options.backend == "ic4") return CreateIc4Driver(options.library_path, out);
  return CamError::Make(ErrorCode::kInvalidArgument, "unknown backend '" + options.backend + "'");
}

}  // namespace ptpcam

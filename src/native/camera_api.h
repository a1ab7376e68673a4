#pragma once

#include <napi.h>

namespace ptpcam {

// listDevices(driverOptions) -> Promise<DeviceInfo[]>
Napi::Value ListDevices(const Napi::CallbackInfo& info);
// openCameras(driverOptions, serials) -> Promise<(DeviceInfo & {handle})[]>; all or nothing
Napi::Value OpenCameras(const Napi::CallbackInfo& info);
// closeCamera(handle) -> Promise<boolean>; waits for the call in progress on that camera
Napi::Value CloseCamera(const Napi::CallbackInfo& info);
// cameraCall(handle, ops) -> Promise<OpResult[]>; the ops run back to back under the camera's lock
Napi::Value CameraCall(const Napi::CallbackInfo& info);
// cameraCallSync(handle, ops) -> OpResult[]; for Piscina worker threads, which exist to block
Napi::Value CameraCallSync(const Napi::CallbackInfo& info);

}  // namespace ptpcam

// The camera-driver interface every backend (sim, Aravis, IC4) implements. Plain C++17: no N-API types, so
// the latch engine and the drivers can be read and tested without Node.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ptpcam {

// Stable codes; TypeScript (src/errors.ts) gives them meaning. Keep in sync with ErrorCodeName().
enum class ErrorCode : int32_t {
  kNone = 0,
  kNotFound,        // ERR_CAMERA_NOT_FOUND
  kTimeout,         // ERR_CAMERA_TIMEOUT
  kAccessDenied,    // ERR_CAMERA_ACCESS_DENIED (another controller holds the camera, or write-protected)
  kFeatureMissing,  // ERR_FEATURE_MISSING
  kSdkMissing,      // ERR_SDK_MISSING
  kSdkError,        // ERR_SDK (anything else the SDK reported)
  kClosed,          // ERR_CAMERA_CLOSED
  kTypeMismatch,    // ERR_FEATURE_TYPE
  kInvalidArgument, // ERR_INVALID_ARGUMENT
};

const char* ErrorCodeName(ErrorCode code);

// What every failing call carries: our stable code, the SDK's own number and its text.
struct CamError {
  ErrorCode code = ErrorCode::kNone;
  int32_t sdk_code = 0;
  std::string message;

  bool ok() const { return code == ErrorCode::kNone; }
  static CamError None() { return {}; }
  static CamError Make(ErrorCode c, std::string msg, int32_t sdk = 0) { return {c, sdk, std::move(msg)}; }
};

struct DeviceInfo {
  std::string vendor;
  std::string model;
  std::string serial;
  std::string interface_name;  // NIC name or transport ("enp3s0", "GigEVision", "sim")
  std::string address;         // IP address or USB path, when the backend knows it
  std::string id;              // the backend's own device id
};

// One open camera. Implementations are NOT required to be thread-safe: CameraRegistry serialises calls on one
// camera with a per-camera mutex, while calls on different cameras run in parallel.
class Camera {
 public:
  virtual ~Camera() = default;
  virtual const DeviceInfo& info() const = 0;

  virtual bool HasFeature(const std::string& name) = 0;
  virtual CamError GetBool(const std::string& name, bool* out) = 0;
  virtual CamError SetBool(const std::string& name, bool value) = 0;
  virtual CamError GetEnum(const std::string& name, std::string* out) = 0;
  virtual CamError GetInt(const std::string& name, int64_t* out) = 0;
  virtual CamError Execute(const std::string& name) = 0;

  // TimestampLatch then TimestampLatchValue are the hot path of every sample. A driver may resolve the
  // feature handles once here so the loop does no name lookups; the default goes through the generic calls.
  virtual CamError PrepareLatch() { return CamError::None(); }
  virtual CamError FireLatch() { return Execute("TimestampLatch"); }
  // The value is an unsigned 64-bit register: read it without passing through a double.
  virtual CamError ReadLatch(uint64_t* out) {
    int64_t v = 0;
    CamError e = GetInt("TimestampLatchValue", &v);
    if (e.ok()) *out = static_cast<uint64_t>(v);
    return e;
  }

  virtual void Close() = 0;
};

class CameraDriver {
 public:
  virtual ~CameraDriver() = default;
  virtual const char* name() const = 0;
  virtual CamError List(std::vector<DeviceInfo>* out) = 0;
  virtual CamError Open(const std::string& serial, std::unique_ptr<Camera>* out) = 0;
};

}  // namespace ptpcam

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
  kFrameMissed,     // ERR_FRAME_MISSED (action method: no frame for that sample's action command)
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

// One frame as the stream delivered it. `timestamp` is the camera's clock at the frame's trigger: in ticks of
// GevTimestampTickFrequency when `timestamp_is_ns` is false (converted exactly in TypeScript, BigInt), or
// already in ns when the SDK converted it (Aravis does, with the same floor rule: arv_gvsp_timestamp_to_ns).
struct FrameInfo {
  uint64_t block_id = 0;     // GVSP block id (Aravis' frame id): consecutive per camera, from 1
  uint64_t timestamp = 0;
  bool timestamp_is_ns = false;
  int64_t arrival_ns = 0;    // host CLOCK_REALTIME when the driver handed the frame over
  bool complete = true;      // false: the SDK delivered it with missing packets or a timeout
  int32_t status = 0;        // the SDK's own frame status (0 = complete)
};

// A GVCP ACTION_CMD's keys, as sent (GigE Vision 2.0, ACTION_CMD 0x0100).
struct ActionKeys {
  uint32_t device_key = 0;
  uint32_t group_key = 0;
  uint32_t group_mask = 0;
};

// Where a simulated camera receives an action command: the action engine calls Deliver right after the
// real network sends of the same sample, with the host CLOCK_REALTIME of the send. Thread-safe.
class ActionReceiver {
 public:
  virtual ~ActionReceiver() = default;
  virtual void Deliver(const ActionKeys& keys, int64_t sent_realtime_ns) = 0;
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

  // --- Action-command method (src/native/core/action/): arming features and frame timestamps ---
  // Setters and enumeration entries for the SFNC trigger/action/ROI features. The defaults say the backend
  // cannot, so a driver without them is refused by the feature check rather than half-armed.
  virtual CamError SetEnum(const std::string& name, const std::string& value) {
    (void)value;
    return CamError::Make(ErrorCode::kFeatureMissing, "set " + name + ": not supported by this backend");
  }
  virtual CamError SetInt(const std::string& name, int64_t value) {
    (void)value;
    return CamError::Make(ErrorCode::kFeatureMissing, "set " + name + ": not supported by this backend");
  }
  // The entries an enumeration offers now (available ones only), by symbolic name.
  virtual CamError GetEnumEntries(const std::string& name, std::vector<std::string>* out) {
    (void)out;
    return CamError::Make(ErrorCode::kFeatureMissing, "entries of " + name + ": not supported by this backend");
  }
  virtual CamError GetIntRange(const std::string& name, int64_t* min, int64_t* max, int64_t* inc) {
    (void)min, (void)max, (void)inc;
    return CamError::Make(ErrorCode::kFeatureMissing, "range of " + name + ": not supported by this backend");
  }
  // "RO", "WO", "RW" or "NA" (not available). SFNC makes ActionDeviceKey write-only: it cannot be read back.
  virtual std::string FeatureAccess(const std::string& name) { return HasFeature(name) ? "RW" : "NA"; }

  // A stream the driver opens: StartFrames allocates `buffers` frame buffers and starts acquisition (the
  // camera then waits for its trigger); WaitFrame returns the next frame or kTimeout after timeout_ns;
  // StopFrames stops acquisition and frees the stream. Calls come from one thread at a time (CameraRegistry).
  virtual CamError StartFrames(uint32_t buffers) {
    (void)buffers;
    return CamError::Make(ErrorCode::kFeatureMissing, "frame streaming is not supported by this backend");
  }
  virtual CamError WaitFrame(int64_t timeout_ns, FrameInfo* out) {
    (void)timeout_ns, (void)out;
    return CamError::Make(ErrorCode::kFeatureMissing, "frame streaming is not supported by this backend");
  }
  virtual CamError StopFrames() { return CamError::None(); }
  // Simulated cameras take action commands in process instead of from the network; null for real cameras.
  virtual std::shared_ptr<ActionReceiver> InProcessActionReceiver() { return nullptr; }

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

// The process-wide table of open cameras. Cameras are opened by the main thread but used by Piscina worker
// threads (PTP enabling) and by the latch threads, each in its own N-API environment, so they are addressed by
// a numeric id rather than by a JS object. Every call on one camera goes through its slot's mutex, because no
// SDK documents concurrent calls on one device; different cameras never share a lock.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "camera_driver.h"

namespace ptpcam {

class CameraSlot {
 public:
  CameraSlot(uint32_t id, uint64_t owner, std::shared_ptr<CameraDriver> driver, std::unique_ptr<Camera> camera)
      : id_(id), owner_(owner), driver_(std::move(driver)), camera_(std::move(camera)) {}

  uint32_t id() const { return id_; }
  uint64_t owner() const { return owner_; }
  const DeviceInfo& info() const { return info_cache(); }

  // Runs fn with the camera locked; kClosed once the camera has been closed.
  CamError With(const std::function<CamError(Camera&)>& fn) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!camera_) return CamError::Make(ErrorCode::kClosed, "camera is closed");
    return fn(*camera_);
  }
  // For the latch hot path: no std::function, the caller holds the returned lock.
  std::unique_lock<std::mutex> Lock() { return std::unique_lock<std::mutex>(mu_); }
  Camera* camera_locked() { return camera_.get(); }

  // Waits for the call in progress, then closes. Idempotent.
  void Close();

 private:
  const DeviceInfo& info_cache() const;

  const uint32_t id_;
  const uint64_t owner_;
  std::mutex mu_;
  std::shared_ptr<CameraDriver> driver_;  // keeps the SDK loaded while the camera lives
  std::unique_ptr<Camera> camera_;
  mutable std::once_flag info_once_;
  mutable DeviceInfo info_;
};

class CameraRegistry {
 public:
  static CameraRegistry& Instance();

  uint32_t Add(uint64_t owner, std::shared_ptr<CameraDriver> driver, std::unique_ptr<Camera> camera);
  std::shared_ptr<CameraSlot> Get(uint32_t id);
  // Closes and forgets; false when the id is unknown.
  bool Close(uint32_t id);
  // The environment cleanup hook of a main thread or worker closes what that environment opened.
  void CloseOwnedBy(uint64_t owner);
  size_t OpenCount();

 private:
  std::mutex mu_;
  uint32_t next_id_ = 1;
  std::map<uint32_t, std::shared_ptr<CameraSlot>> slots_;
};

}  // namespace ptpcam

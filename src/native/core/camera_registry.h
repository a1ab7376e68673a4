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
#include <string>
#include <vector>

#include "camera_driver.h"
#include "clock.h"

namespace ptpcam {

class CameraSlot;

// The camera lock held for one SDK call. While it is held the slot says since when it is busy, so that a
// process that must end can name the calls it would otherwise wait for (CameraRegistry::Busy).
class SlotLock {
 public:
  SlotLock(std::mutex& mu, std::atomic<int64_t>& busy_since) : lock_(mu), busy_since_(&busy_since) {
    busy_since_->store(MonotonicNs(), std::memory_order_relaxed);
  }
  SlotLock(SlotLock&& other) noexcept : lock_(std::move(other.lock_)), busy_since_(other.busy_since_) {
    other.busy_since_ = nullptr;
  }
  SlotLock(const SlotLock&) = delete;
  SlotLock& operator=(const SlotLock&) = delete;
  SlotLock& operator=(SlotLock&&) = delete;
  ~SlotLock() {
    if (busy_since_ != nullptr && lock_.owns_lock()) busy_since_->store(0, std::memory_order_relaxed);
  }

 private:
  std::unique_lock<std::mutex> lock_;
  std::atomic<int64_t>* busy_since_;
};

// A camera inside an SDK call (or being closed) right now.
struct BusyCamera {
  std::string serial;
  int64_t busy_ns = 0;  // how long the call has run
  bool closing = false;
};

class CameraSlot {
 public:
  CameraSlot(uint32_t id, uint64_t owner, std::shared_ptr<CameraDriver> driver, std::unique_ptr<Camera> camera)
      : id_(id), owner_(owner), driver_(std::move(driver)), camera_(std::move(camera)) {}

  uint32_t id() const { return id_; }
  uint64_t owner() const { return owner_; }
  const DeviceInfo& info() const { return info_cache(); }

  // Runs fn with the camera locked; kClosed once the camera has been closed.
  CamError With(const std::function<CamError(Camera&)>& fn) {
    SlotLock lock(mu_, busy_since_);
    if (!camera_) return CamError::Make(ErrorCode::kClosed, "camera is closed");
    return fn(*camera_);
  }
  // For the latch hot path: no std::function, the caller holds the returned lock.
  SlotLock Lock() { return SlotLock(mu_, busy_since_); }
  Camera* camera_locked() { return camera_.get(); }
  // Monotonic ns since which an SDK call has held this camera; 0 when none does.
  int64_t busy_since() const { return busy_since_.load(std::memory_order_relaxed); }

  // Waits for the call in progress, then closes. Idempotent.
  void Close();

 private:
  const DeviceInfo& info_cache() const;

  const uint32_t id_;
  const uint64_t owner_;
  std::mutex mu_;
  std::atomic<int64_t> busy_since_{0};
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
  // Cameras inside an SDK call or a close right now: what an exit would have to wait for.
  std::vector<BusyCamera> Busy();

 private:
  void CloseTracked(const std::shared_ptr<CameraSlot>& slot);

  std::mutex mu_;
  uint32_t next_id_ = 1;
  std::map<uint32_t, std::shared_ptr<CameraSlot>> slots_;
  // Taken out of slots_ but still closing (a close waits for the call in progress on that camera).
  std::map<uint32_t, std::shared_ptr<CameraSlot>> closing_;
};

}  // namespace ptpcam

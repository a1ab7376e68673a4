#include "camera_registry.h"

namespace ptpcam {

const DeviceInfo& CameraSlot::info_cache() const {
  // info() of a camera is fixed at open; copy it once so readers need not take the camera lock.
  std::call_once(info_once_, [this] {
    if (camera_) info_ = camera_->info();
  });
  return info_;
}

void CameraSlot::Close() {
  info_cache();
  SlotLock lock(mu_, busy_since_);
  if (!camera_) return;
  camera_->Close();
  camera_.reset();
}

CameraRegistry& CameraRegistry::Instance() {
  // Leaked on purpose: worker environments may still be tearing down when static destructors would run.
  static CameraRegistry* registry = new CameraRegistry();
  return *registry;
}

uint32_t CameraRegistry::Add(uint64_t owner, std::shared_ptr<CameraDriver> driver, std::unique_ptr<Camera> camera) {
  std::lock_guard<std::mutex> lock(mu_);
  uint32_t id = next_id_++;
  auto slot = std::make_shared<CameraSlot>(id, owner, std::move(driver), std::move(camera));
  slot->info();
  slots_[id] = slot;
  return id;
}

std::shared_ptr<CameraSlot> CameraRegistry::Get(uint32_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = slots_.find(id);
  return it == slots_.end() ? nullptr : it->second;
}

bool CameraRegistry::Close(uint32_t id) {
  std::shared_ptr<CameraSlot> slot;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = slots_.find(id);
    if (it == slots_.end()) return false;
    slot = it->second;
    slots_.erase(it);
  }
  CloseTracked(slot);
  return true;
}

void CameraRegistry::CloseTracked(const std::shared_ptr<CameraSlot>& slot) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closing_[slot->id()] = slot;
  }
  slot->Close();  // outside the table lock: closing may wait for a slow SDK call on this camera
  std::lock_guard<std::mutex> lock(mu_);
  closing_.erase(slot->id());
}

std::vector<BusyCamera> CameraRegistry::Busy() {
  std::vector<std::pair<std::shared_ptr<CameraSlot>, bool>> all;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [id, slot] : slots_) all.emplace_back(slot, false);
    for (const auto& [id, slot] : closing_) all.emplace_back(slot, true);
  }
  std::vector<BusyCamera> busy;
  const int64_t now = MonotonicNs();
  for (const auto& [slot, closing] : all) {
    const int64_t since = slot->busy_since();
    // A close waiting for the camera lock is busy too, though the lock's holder is the one stamped.
    if (since == 0 && !closing) continue;
    busy.push_back({slot->info().serial, since == 0 ? 0 : now - since, closing});
  }
  return busy;
}

void CameraRegistry::CloseOwnedBy(uint64_t owner) {
  std::vector<std::shared_ptr<CameraSlot>> owned;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = slots_.begin(); it != slots_.end();) {
      if (it->second->owner() == owner) {
        owned.push_back(it->second);
        it = slots_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& slot : owned) CloseTracked(slot);
}

size_t CameraRegistry::OpenCount() {
  std::lock_guard<std::mutex> lock(mu_);
  return slots_.size();
}

}  // namespace ptpcam

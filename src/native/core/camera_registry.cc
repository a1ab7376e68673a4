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
  std::lock_guard<std::mutex> lock(mu_);
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
  slot->Close();  // outside the table lock: closing may wait for a slow SDK call on this camera
  return true;
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
  for (auto& slot : owned) slot->Close();
}

size_t CameraRegistry::OpenCount() {
  std::lock_guard<std::mutex> lock(mu_);
  return slots_.size();
}

}  // namespace ptpcam

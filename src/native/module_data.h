// Per-environment state (the main thread and every worker thread that loads the addon get their own).
// Everything here is touched only on that environment's JS thread.
#pragma once

#include <cstdint>
#include <memory>
#include <set>

namespace ptpcam {

struct EngineState;

struct ModuleData {
  uint64_t env_id = 0;                                 // owner tag for cameras this environment opened
  std::set<std::shared_ptr<EngineState>> engines;      // running engines, stopped and joined by the cleanup hook
  bool tearing_down = false;
};

}  // namespace ptpcam

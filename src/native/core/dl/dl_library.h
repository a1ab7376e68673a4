// A dlopen'd SDK and typed dlsym. SDK backends never link their SDK, so a machine without it still loads the
// addon and gets ERR_SDK_MISSING when that backend is chosen.
#pragma once

#include <dlfcn.h>

#include <string>
#include <vector>

namespace ptpcam {

class DlLibrary {
 public:
  // Tries each candidate in order (RTLD_NOW so a broken install fails here rather than at first call, RTLD_LOCAL
  // so SDK symbols never leak into the addon's or another SDK's namespace). On failure *error lists every
  // candidate with dlerror()'s reason.
  static bool Open(const std::vector<std::string>& candidates, DlLibrary* out, std::string* error) {
    std::string reasons;
    for (const std::string& path : candidates) {
      if (path.empty()) continue;
      dlerror();
      void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (handle != nullptr) {
        out->handle_ = handle;
        out->path_ = path;
        return true;
      }
      const char* why = dlerror();
      if (!reasons.empty()) reasons += "; ";
      reasons += why != nullptr ? why : path + ": unknown dlopen error";
    }
    *error = reasons;
    return false;
  }

  // dlsym on a handle also searches that library's own dependencies, which is how glib/gobject symbols are
  // found through the Aravis handle without naming their sonames.
  template <typename Fn>
  bool Resolve(const char* symbol, Fn* fn, std::string* missing) const {
    void* p = handle_ != nullptr ? dlsym(handle_, symbol) : nullptr;
    if (p == nullptr) {
      if (!missing->empty()) *missing += ", ";
      *missing += symbol;
      *fn = nullptr;
      return false;
    }
    *fn = reinterpret_cast<Fn>(p);
    return true;
  }

  void* handle() const { return handle_; }
  const std::string& path() const { return path_; }

  // Deliberately no dlclose: both SDKs register GObject types or start internal threads that outlive their
  // exit calls, and unmapping their code under those is a crash at process exit. The handle is refcounted by
  // the loader, so opening the same library again is cheap.

 private:
  void* handle_ = nullptr;
  std::string path_;
};

}  // namespace ptpcam

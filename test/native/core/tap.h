// Minimal TAP output for the driver tests: no framework, so the tests build with g++ alone.
#pragma once

#include <cstdio>
#include <string>

#include "camera_driver.h"

namespace taptest {

inline int& Passed() { static int n = 0; return n; }
inline int& Failed() { static int n = 0; return n; }
inline int& Skipped() { static int n = 0; return n; }
inline int Count() { return Passed() + Failed() + Skipped(); }

inline void Ok(bool cond, const std::string& what, const std::string& detail = "") {
  const int n = Count() + 1;
  if (cond) {
    ++Passed();
    std::printf("ok %d - %s\n", n, what.c_str());
  } else {
    ++Failed();
    std::printf("not ok %d - %s\n", n, what.c_str());
    if (!detail.empty()) std::printf("  # %s\n", detail.c_str());
  }
  std::fflush(stdout);
}

inline std::string Describe(const ptpcam::CamError& e) {
  return std::string(ptpcam::ErrorCodeName(e.code)) + " sdk=" + std::to_string(e.sdk_code) + " " + e.message;
}

inline void IsCode(const ptpcam::CamError& e, ptpcam::ErrorCode want, const std::string& what) {
  Ok(e.code == want, what + " -> " + ptpcam::ErrorCodeName(want), "got " + Describe(e));
}

inline void Skip(const std::string& what, const std::string& why) {
  const int n = Count() + 1;
  ++Skipped();
  std::printf("ok %d - %s # SKIP %s\n", n, what.c_str(), why.c_str());
}

inline int Finish() {
  std::printf("1..%d\n# %d passed, %d failed, %d skipped\n", Count(), Passed(), Failed(), Skipped());
  return Failed() == 0 ? 0 : 1;
}

}  // namespace taptest

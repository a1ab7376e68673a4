// Native threads carry names so they show up in gdb, perf and /proc/<pid>/task/*/comm.
#pragma once

#include <pthread.h>

#include <string>

namespace ptpcam {

inline void SetThreadName(const std::string& name) {
  // The kernel keeps 15 characters plus the terminator.
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

}  // namespace ptpcam

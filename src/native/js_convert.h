// JS values <-> core structs. Types are checked here and nothing else: TypeScript has already validated the
// options and applied every default.
#pragma once

#include <napi.h>

#include <string>

#include "core/driver_factory.h"

namespace ptpcam {

std::string RequireString(const Napi::Object& o, const char* key);
double RequireNumber(const Napi::Object& o, const char* key);
bool RequireBool(const Napi::Object& o, const char* key);
int64_t RequireInt64(const Napi::Object& o, const char* key);  // a bigint or a safe-integer number

DriverOptions ToDriverOptions(const Napi::Value& value);
Napi::Object FromDeviceInfo(Napi::Env env, const DeviceInfo& info);

}  // namespace ptpcam

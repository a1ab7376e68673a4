// JS values <-> core structs. Types are checked here and nothing else: TypeScript has already validated the
// options and applied every default.
#pragma once

#include <napi.h>

#include <cstring>
#include <string>
#include <vector>

#include "core/driver_factory.h"

namespace ptpcam {

std::string RequireString(const Napi::Object& o, const char* key);
double RequireNumber(const Napi::Object& o, const char* key);
bool RequireBool(const Napi::Object& o, const char* key);
int64_t RequireInt64(const Napi::Object& o, const char* key);  // a bigint or a safe-integer number

DriverOptions ToDriverOptions(const Napi::Value& value);
Napi::Object FromDeviceInfo(Napi::Env env, const DeviceInfo& info);

// A copy of a native column as a typed array (the engines' batches are column-major vectors).
template <typename T>
Napi::Value CopyTyped(Napi::Env env, const std::vector<T>& v, napi_typedarray_type type) {
  Napi::ArrayBuffer buf = Napi::ArrayBuffer::New(env, v.size() * sizeof(T));
  if (!v.empty()) std::memcpy(buf.Data(), v.data(), v.size() * sizeof(T));
  return Napi::TypedArrayOf<T>::New(env, v.size(), buf, 0, type);
}

// A batch's failed cells as [{ sample, camera, code, message }] (both engines' batches share the layout:
// first_index, count, cameras, codes/sdk_codes column-major, failures with sample_offset/camera/message).
template <typename Batch>
Napi::Array FailuresToJs(Napi::Env env, const Batch& b) {
  Napi::Array failures = Napi::Array::New(env, b.failures.size());
  for (size_t i = 0; i < b.failures.size(); ++i) {
    const auto& f = b.failures[i];
    Napi::Object fo = Napi::Object::New(env);
    fo.Set("sample", Napi::Number::New(env, static_cast<double>(b.first_index + f.sample_offset)));
    fo.Set("camera", f.camera);
    fo.Set("code", ErrorCodeName(static_cast<ErrorCode>(b.codes[f.sample_offset * b.cameras + f.camera])));
    fo.Set("message", f.message);
    failures.Set(static_cast<uint32_t>(i), fo);
  }
  return failures;
}

// What every engine batch event carries; the engine's own columns are added by its wrap.
template <typename Batch>
Napi::Object BatchEventToJs(Napi::Env env, const Batch& b) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("type", "batch");
  o.Set("firstIndex", Napi::Number::New(env, static_cast<double>(b.first_index)));
  o.Set("count", b.count);
  o.Set("cameras", b.cameras);
  o.Set("codes", CopyTyped(env, b.codes, napi_int32_array));
  o.Set("sdkCodes", CopyTyped(env, b.sdk_codes, napi_int32_array));
  o.Set("failures", FailuresToJs(env, b));
  return o;
}

}  // namespace ptpcam

#include "napi_errors.h"

namespace ptpcam {

Napi::Error MakeError(Napi::Env env, const CamError& error) {
  Napi::Error e = Napi::Error::New(env, error.message.empty() ? ErrorCodeName(error.code) : error.message);
  e.Set("code", Napi::String::New(env, ErrorCodeName(error.code)));
  e.Set("sdkCode", Napi::Number::New(env, error.sdk_code));
  return e;
}

Napi::Object ErrorObject(Napi::Env env, const CamError& error) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("code", Napi::String::New(env, ErrorCodeName(error.code)));
  o.Set("sdkCode", Napi::Number::New(env, error.sdk_code));
  o.Set("message", Napi::String::New(env, error.message));
  return o;
}

}  // namespace ptpcam

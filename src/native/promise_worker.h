// Blocking SDK calls run on the libuv pool and settle a Promise; the resource name shows up in async_hooks.
#pragma once

#include <napi.h>

#include "core/camera_driver.h"
#include "napi_errors.h"

namespace ptpcam {

class PromiseWorker : public Napi::AsyncWorker {
 public:
  PromiseWorker(Napi::Env env, const char* resource_name)
      : Napi::AsyncWorker(env, resource_name), deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise Promise() { return deferred_.Promise(); }

 protected:
  virtual Napi::Value Result(Napi::Env env) = 0;
  // Called from Execute() on the pool thread.
  void Fail(const CamError& error) {
    error_ = error;
    SetError(error.message.empty() ? ErrorCodeName(error.code) : error.message);
  }

 private:
  void OnOK() override { deferred_.Resolve(Result(Env())); }
  void OnError(const Napi::Error&) override { deferred_.Reject(MakeError(Env(), error_).Value()); }

  CamError error_;
  Napi::Promise::Deferred deferred_;
};

}  // namespace ptpcam

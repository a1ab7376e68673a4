#include "camera_api.h"

#include <memory>
#include <string>
#include <vector>

#include "core/camera_registry.h"
#include "core/driver_factory.h"
#include "js_convert.h"
#include "module_data.h"
#include "promise_worker.h"

namespace ptpcam {

namespace {

enum class OpKind { kHas, kGetBool, kSetBool, kGetEnum, kGetInt, kExecute };

struct Op {
  OpKind kind;
  std::string name;
  bool value = false;
};

struct OpResult {
  CamError error;
  bool b = false;
  int64_t i = 0;
  std::string s;
};

std::vector<Op> ToOps(const Napi::Value& value) {
  Napi::Env env = value.Env();
  if (!value.IsArray()) throw Napi::TypeError::New(env, "ops must be an array");
  Napi::Array arr = value.As<Napi::Array>();
  std::vector<Op> ops;
  for (uint32_t i = 0; i < arr.Length(); ++i) {
    Napi::Value v = arr.Get(i);
    if (!v.IsObject()) throw Napi::TypeError::New(env, "each op must be an object");
    Napi::Object o = v.As<Napi::Object>();
    std::string kind = RequireString(o, "op");
    Op op;
    op.name = RequireString(o, "name");
    if (kind == "has") op.kind = OpKind::kHas;
    else if (kind == "getBool") op.kind = OpKind::kGetBool;
    else if (kind == "setBool") {
      op.kind = OpKind::kSetBool;
      op.value = RequireBool(o, "value");
    } else if (kind == "getEnum") op.kind = OpKind::kGetEnum;
    else if (kind == "getInt") op.kind = OpKind::kGetInt;
    else if (kind == "execute") op.kind = OpKind::kExecute;
    else throw Napi::TypeError::New(env, "unknown op '" + kind + "'");
    ops.push_back(op);
  }
  return ops;
}

std::vector<OpResult> RunOps(Camera& cam, const std::vector<Op>& ops) {
  std::vector<OpResult> results(ops.size());
  for (size_t i = 0; i < ops.size(); ++i) {
    const Op& op = ops[i];
    OpResult& r = results[i];
    switch (op.kind) {
      case OpKind::kHas: r.b = cam.HasFeature(op.name); break;
      case OpKind::kGetBool: r.error = cam.GetBool(op.name, &r.b); break;
      case OpKind::kSetBool: r.error = cam.SetBool(op.name, op.value); break;
      case OpKind::kGetEnum: r.error = cam.GetEnum(op.name, &r.s); break;
      case OpKind::kGetInt: r.error = cam.GetInt(op.name, &r.i); break;
      case OpKind::kExecute: r.error = cam.Execute(op.name); break;
    }
  }
  return results;
}

Napi::Array FromResults(Napi::Env env, const std::vector<Op>& ops, const std::vector<OpResult>& results) {
  Napi::Array arr = Napi::Array::New(env, results.size());
  for (size_t i = 0; i < results.size(); ++i) {
    const OpResult& r = results[i];
    Napi::Object o = Napi::Object::New(env);
    o.Set("ok", r.error.ok());
    if (!r.error.ok()) {
      o.Set("error", ErrorObject(env, r.error));
    } else {
      switch (ops[i].kind) {
        case OpKind::kHas:
        case OpKind::kGetBool: o.Set("value", Napi::Boolean::New(env, r.b)); break;
        case OpKind::kGetEnum: o.Set("value", Napi::String::New(env, r.s)); break;
        case OpKind::kGetInt: o.Set("value", Napi::BigInt::New(env, r.i)); break;
        default: break;
      }
    }
    arr.Set(static_cast<uint32_t>(i), o);
  }
  return arr;
}

uint32_t ToHandle(const Napi::Value& v) {
  if (!v.IsNumber()) throw Napi::TypeError::New(v.Env(), "camera handle must be a number");
  return v.As<Napi::Number>().Uint32Value();
}

CamError ClosedError(uint32_t handle) {
  return CamError::Make(ErrorCode::kClosed, "camera handle " + std::to_string(handle) + " is not open");
}

std::shared_ptr<CameraSlot> SlotOrThrow(Napi::Env env, uint32_t handle) {
  auto slot = CameraRegistry::Instance().Get(handle);
  if (!slot) throw MakeError(env, ClosedError(handle));
  return slot;
}

class ListWorker : public PromiseWorker {
 public:
  ListWorker(Napi::Env env, DriverOptions options) : PromiseWorker(env, "ptpcam:ListWorker"), options_(std::move(options)) {}
  void Execute() override {
    std::shared_ptr<CameraDriver> driver;
    CamError e = CreateDriver(options_, &driver);
    if (e.ok()) e = driver->List(&devices_);
    if (!e.ok()) Fail(e);
  }
  Napi::Value Result(Napi::Env env) override {
    Napi::Array arr = Napi::Array::New(env, devices_.size());
    for (size_t i = 0; i < devices_.size(); ++i) arr.Set(static_cast<uint32_t>(i), FromDeviceInfo(env, devices_[i]));
    return arr;
  }

 private:
  DriverOptions options_;
  std::vector<DeviceInfo> devices_;
};

class OpenWorker : public PromiseWorker {
 public:
  OpenWorker(Napi::Env env, DriverOptions options, std::vector<std::string> serials, uint64_t owner)
      : PromiseWorker(env, "ptpcam:OpenWorker"), options_(std::move(options)), serials_(std::move(serials)), owner_(owner) {}
  void Execute() override {
    std::shared_ptr<CameraDriver> driver;
    CamError e = CreateDriver(options_, &driver);
    if (!e.ok()) return Fail(e);
    for (const std::string& serial : serials_) {
      std::unique_ptr<Camera> cam;
      e = driver->Open(serial, &cam);
      if (!e.ok()) {
        // All or nothing: a run never starts with a camera missing, and nothing stays open behind an error.
        for (uint32_t h : handles_) CameraRegistry::Instance().Close(h);
        handles_.clear();
        if (e.message.find(serial) == std::string::npos) e.message = "camera " + serial + ": " + e.message;
        return Fail(e);
      }
      infos_.push_back(cam->info());
      handles_.push_back(CameraRegistry::Instance().Add(owner_, driver, std::move(cam)));
    }
  }
  Napi::Value Result(Napi::Env env) override {
    Napi::Array arr = Napi::Array::New(env, handles_.size());
    for (size_t i = 0; i < handles_.size(); ++i) {
      Napi::Object o = FromDeviceInfo(env, infos_[i]);
      o.Set("handle", Napi::Number::New(env, handles_[i]));
      arr.Set(static_cast<uint32_t>(i), o);
    }
    return arr;
  }

 private:
  DriverOptions options_;
  std::vector<std::string> serials_;
  uint64_t owner_;
  std::vector<uint32_t> handles_;
  std::vector<DeviceInfo> infos_;
};

class CloseWorker : public PromiseWorker {
 public:
  CloseWorker(Napi::Env env, uint32_t handle) : PromiseWorker(env, "ptpcam:CloseWorker"), handle_(handle) {}
  void Execute() override { closed_ = CameraRegistry::Instance().Close(handle_); }
  Napi::Value Result(Napi::Env env) override { return Napi::Boolean::New(env, closed_); }

 private:
  uint32_t handle_;
  bool closed_ = false;
};

class CallWorker : public PromiseWorker {
 public:
  CallWorker(Napi::Env env, std::shared_ptr<CameraSlot> slot, std::vector<Op> ops)
      : PromiseWorker(env, "ptpcam:CameraCallWorker"), slot_(std::move(slot)), ops_(std::move(ops)) {}
  void Execute() override {
    CamError e = slot_->With([this](Camera& cam) {
      results_ = RunOps(cam, ops_);
      return CamError::None();
    });
    if (!e.ok()) Fail(e);
  }
  Napi::Value Result(Napi::Env env) override { return FromResults(env, ops_, results_); }

 private:
  std::shared_ptr<CameraSlot> slot_;
  std::vector<Op> ops_;
  std::vector<OpResult> results_;
};

std::vector<std::string> ToSerials(const Napi::Value& v) {
  if (!v.IsArray()) throw Napi::TypeError::New(v.Env(), "serials must be an array of strings");
  Napi::Array arr = v.As<Napi::Array>();
  std::vector<std::string> out;
  for (uint32_t i = 0; i < arr.Length(); ++i) {
    Napi::Value s = arr.Get(i);
    if (!s.IsString()) throw Napi::TypeError::New(v.Env(), "serials must be an array of strings");
    out.push_back(s.As<Napi::String>().Utf8Value());
  }
  return out;
}

}  // namespace

Napi::Value ListDevices(const Napi::CallbackInfo& info) {
  auto* worker = new ListWorker(info.Env(), ToDriverOptions(info[0]));
  worker->Queue();
  return worker->Promise();
}

Napi::Value OpenCameras(const Napi::CallbackInfo& info) {
  DriverOptions options = ToDriverOptions(info[0]);
  std::vector<std::string> serials = ToSerials(info[1]);
  uint64_t owner = info.Env().GetInstanceData<ModuleData>()->env_id;
  auto* worker = new OpenWorker(info.Env(), std::move(options), std::move(serials), owner);
  worker->Queue();
  return worker->Promise();
}

Napi::Value CloseCamera(const Napi::CallbackInfo& info) {
  auto* worker = new CloseWorker(info.Env(), ToHandle(info[0]));
  worker->Queue();
  return worker->Promise();
}

Napi::Value CameraCall(const Napi::CallbackInfo& info) {
  uint32_t handle = ToHandle(info[0]);
  std::vector<Op> ops = ToOps(info[1]);
  auto slot = CameraRegistry::Instance().Get(handle);
  if (!slot) {
    // An async API fails through its promise, not by throwing at the call site.
    auto deferred = Napi::Promise::Deferred::New(info.Env());
    deferred.Reject(MakeError(info.Env(), ClosedError(handle)).Value());
    return deferred.Promise();
  }
  auto* worker = new CallWorker(info.Env(), std::move(slot), std::move(ops));
  worker->Queue();
  return worker->Promise();
}

Napi::Value CameraCallSync(const Napi::CallbackInfo& info) {
  uint32_t handle = ToHandle(info[0]);
  std::vector<Op> ops = ToOps(info[1]);
  auto slot = SlotOrThrow(info.Env(), handle);
  std::vector<OpResult> results;
  CamError e = slot->With([&](Camera& cam) {
    results = RunOps(cam, ops);
    return CamError::None();
  });
  if (!e.ok()) throw MakeError(info.Env(), e);
  return FromResults(info.Env(), ops, results);
}

}  // namespace ptpcam

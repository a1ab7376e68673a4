// The N-API surface of ptpcam. Everything here converts and checks argument types; the work happens in
// core/, which has no N-API types.
#include <napi.h>

#include <unistd.h>

#include <atomic>
#include <cstdio>

#include "action_wrap.h"
#include "camera_api.h"
#include "core/camera_registry.h"
#include "core/clock.h"
#include "core/cpu_availability.h"
#include "core/latch/latch_engine.h"
#include "latch_wrap.h"
#include "module_data.h"
#include "promise_worker.h"

namespace ptpcam {

namespace {

std::atomic<uint64_t> g_next_env_id{1};

// nativeStats() -> { openCameras, nativeThreads }: what teardown tests compare before and after.
Napi::Value NativeStats(const Napi::CallbackInfo& info) {
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("openCameras", Napi::Number::New(info.Env(), static_cast<double>(CameraRegistry::Instance().OpenCount())));
  o.Set("nativeThreads", Napi::Number::New(info.Env(), LatchEngine::LiveThreads()));
  return o;
}

// busyCameras() -> [{ serial, busyMs, closing }]: cameras inside an SDK call or a close right now, which a normal
// process exit would wait for (libuv joins its pool threads, the cleanup hook closes every camera).
Napi::Value BusyCameras(const Napi::CallbackInfo& info) {
  const auto busy = CameraRegistry::Instance().Busy();
  Napi::Array a = Napi::Array::New(info.Env(), busy.size());
  for (size_t i = 0; i < busy.size(); ++i) {
    Napi::Object o = Napi::Object::New(info.Env());
    o.Set("serial", busy[i].serial);
    o.Set("busyMs", static_cast<double>(busy[i].busy_ns) / 1e6);
    o.Set("closing", busy[i].closing);
    a.Set(static_cast<uint32_t>(i), o);
  }
  return a;
}

// exitNow(code): ends the process without waiting for SDK calls that are stuck (see busyCameras). Everything the
// run wrote went out synchronously (files, pipes and terminals are synchronous in Node on Linux); the kernel
// closes the stuck cameras' sockets, as it would for a killed process.
Napi::Value ExitNow(const Napi::CallbackInfo& info) {
  if (!info[0].IsNumber()) throw Napi::TypeError::New(info.Env(), "code must be a number");
  const int code = info[0].As<Napi::Number>().Int32Value();
  std::fflush(nullptr);
  _exit(code);
}

// realtimeNs() -> bigint: the host's CLOCK_REALTIME, exactly as the latch engine stamps fire/ack. JS has no
// clock of its own with that resolution (Date is ms; performance.timeOrigin drifts from it by milliseconds).
Napi::Value RealtimeNsJs(const Napi::CallbackInfo& info) { return Napi::BigInt::New(info.Env(), RealtimeNs()); }

// measureCpuAvailability(durationMs) -> Promise<[{ cpu, beyond20us, beyond50us, gapsPerS }]>: for the bench.
class CpuAvailabilityWorker : public PromiseWorker {
 public:
  CpuAvailabilityWorker(Napi::Env env, int64_t duration_ns)
      : PromiseWorker(env, "ptpcam:CpuAvailabilityWorker"), duration_ns_(duration_ns) {}
  void Execute() override { result_ = MeasureCpuAvailability(duration_ns_); }
  Napi::Value Result(Napi::Env env) override {
    Napi::Array a = Napi::Array::New(env, result_.size());
    for (size_t i = 0; i < result_.size(); ++i) {
      Napi::Object o = Napi::Object::New(env);
      o.Set("cpu", result_[i].cpu);
      o.Set("beyond20us", result_[i].beyond_20us);
      o.Set("beyond50us", result_[i].beyond_50us);
      o.Set("gapsPerS", result_[i].gaps_per_s);
      a.Set(static_cast<uint32_t>(i), o);
    }
    return a;
  }

 private:
  int64_t duration_ns_;
  std::vector<CpuAvailability> result_;
};

Napi::Value MeasureCpuAvailabilityJs(const Napi::CallbackInfo& info) {
  if (!info[0].IsNumber()) throw Napi::TypeError::New(info.Env(), "durationMs must be a number");
  auto* w = new CpuAvailabilityWorker(info.Env(), info[0].As<Napi::Number>().Int64Value() * 1000000LL);
  Napi::Promise p = w->Promise();
  w->Queue();
  return p;
}

void Cleanup(ModuleData* data) {
  // The process or a worker thread is exiting: no native thread may outlive its environment, and cameras it
  // opened are released so the next client can take control of them.
  data->tearing_down = true;
  auto engines = data->engines;
  for (const auto& state : engines) TeardownEngine(*state);
  CameraRegistry::Instance().CloseOwnedBy(data->env_id);
}

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* data = new ModuleData();
  data->env_id = g_next_env_id.fetch_add(1);
  env.SetInstanceData(data);
  env.AddCleanupHook(Cleanup, data);

  exports.Set("listDevices", Napi::Function::New<ListDevices>(env, "listDevices"));
  exports.Set("openCameras", Napi::Function::New<OpenCameras>(env, "openCameras"));
  exports.Set("closeCamera", Napi::Function::New<CloseCamera>(env, "closeCamera"));
  exports.Set("cameraCall", Napi::Function::New<CameraCall>(env, "cameraCall"));
  exports.Set("cameraCallSync", Napi::Function::New<CameraCallSync>(env, "cameraCallSync"));
  exports.Set("nativeStats", Napi::Function::New<NativeStats>(env, "nativeStats"));
  exports.Set("busyCameras", Napi::Function::New<BusyCameras>(env, "busyCameras"));
  exports.Set("exitNow", Napi::Function::New<ExitNow>(env, "exitNow"));
  exports.Set("realtimeNs", Napi::Function::New<RealtimeNsJs>(env, "realtimeNs"));
  exports.Set("measureCpuAvailability", Napi::Function::New<MeasureCpuAvailabilityJs>(env, "measureCpuAvailability"));
  exports.Set("LatchEngine", LatchEngineWrap::Define(env));
  exports.Set("ActionEngine", ActionEngineWrap::Define(env));
  exports.Set("actionFeatureCall", Napi::Function::New<ActionFeatureCall>(env, "actionFeatureCall"));
  exports.Set("sendActionCommand", Napi::Function::New<SendActionCommand>(env, "sendActionCommand"));
  exports.Set("actionThreads", Napi::Function::New<ActionThreads>(env, "actionThreads"));
  return exports;
}

}  // namespace ptpcam

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return ptpcam::Init(env, exports); }

NODE_API_MODULE(NODE_GYP_MODULE_NAME, InitModule)

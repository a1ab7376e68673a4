#include "latch_wrap.h"

#include <atomic>
#include <cstring>
#include <vector>

#include "core/camera_registry.h"
#include "core/clock.h"
#include "core/futex.h"
#include "core/latch/latch_engine.h"
#include "js_convert.h"
#include "module_data.h"
#include "napi_errors.h"
#include "tsfn_batch_sink.h"

namespace ptpcam {

using TsfnSink = TsfnBatchSink<LatchSink, EngineState, LatchBatch, LatchDone>;

struct EngineState {
  Napi::ThreadSafeFunction tsfn;
  std::unique_ptr<TsfnSink> sink;
  std::unique_ptr<LatchEngine> engine;
  std::vector<Napi::Promise::Deferred> closers;
  LatchEngineWrap* wrap = nullptr;
  ModuleData* module = nullptr;
  std::weak_ptr<EngineState> self;  // the key under which module->engines holds this state
  bool finalized = false;
};

// The sink's conversions (tsfn_batch_sink.h), found by argument-dependent lookup: so in ptpcam itself, static.
static Napi::Object BatchToJs(Napi::Env env, const LatchBatch& b) {
  Napi::Object o = BatchEventToJs(env, b);
  o.Set("values", CopyTyped(env, b.values, napi_biguint64_array));
  o.Set("fireNs", CopyTyped(env, b.fire_ns, napi_bigint64_array));
  o.Set("ackNs", CopyTyped(env, b.ack_ns, napi_bigint64_array));
  o.Set("doneNs", CopyTyped(env, b.done_ns, napi_bigint64_array));
  return o;
}

static const char* EndName(LatchEnd end) {
  switch (end) {
    case LatchEnd::kCompleted: return "completed";
    case LatchEnd::kStopped: return "stopped";
    case LatchEnd::kAbandoned: return "abandoned";
  }
  return "abandoned";
}

static Napi::Object DoneToJs(Napi::Env env, const LatchDone& done) {
  Napi::Object arg = Napi::Object::New(env);
  arg.Set("type", "done");
  arg.Set("end", EndName(done.end));
  arg.Set("samplesDone", Napi::Number::New(env, static_cast<double>(done.samples_done)));
  Napi::Array busy = Napi::Array::New(env, done.busy_cameras.size());
  for (size_t i = 0; i < done.busy_cameras.size(); ++i) busy.Set(static_cast<uint32_t>(i), done.busy_cameras[i]);
  arg.Set("busyCameras", busy);
  arg.Set("realtime", done.realtime);
  if (done.realtime_errno != 0) arg.Set("realtimeRefused", std::strerror(done.realtime_errno));
  arg.Set("gateCapped", Napi::Number::New(env, static_cast<double>(done.gate_capped)));
  return arg;
}

// The environment's cleanup hook ran: the TSFN finalizer handles what is left, no listener runs.
static bool JsGone(const EngineState& s) { return s.module != nullptr && s.module->tearing_down; }

namespace {

std::shared_ptr<CameraSlot> Slot(Napi::Env env, const Napi::Value& v) {
  if (!v.IsNumber()) throw Napi::TypeError::New(env, "camera handles must be numbers");
  uint32_t handle = v.As<Napi::Number>().Uint32Value();
  auto slot = CameraRegistry::Instance().Get(handle);
  if (!slot) throw MakeError(env, CamError::Make(ErrorCode::kClosed, "camera handle " + std::to_string(handle) + " is not open"));
  return slot;
}

LatchOptions ToOptions(Napi::Env env, const Napi::Value& handles, const Napi::Value& value) {
  if (!handles.IsArray()) throw Napi::TypeError::New(env, "handles must be an array");
  if (!value.IsObject()) throw Napi::TypeError::New(env, "options must be an object");
  LatchOptions opt;
  Napi::Array arr = handles.As<Napi::Array>();
  for (uint32_t i = 0; i < arr.Length(); ++i) opt.cameras.push_back(Slot(env, arr.Get(i)));
  Napi::Object o = value.As<Napi::Object>();
  std::string strategy = RequireString(o, "strategy");
  if (strategy == "parallel") opt.strategy = LatchStrategy::kParallel;
  else if (strategy == "sequential") opt.strategy = LatchStrategy::kSequential;
  else throw Napi::TypeError::New(env, "strategy must be 'parallel' or 'sequential'");
  opt.samples = static_cast<uint64_t>(RequireInt64(o, "samples"));
  opt.interval_ns = RequireInt64(o, "intervalNs");
  opt.timeout_ns = RequireInt64(o, "timeoutNs");
  opt.batch_size = static_cast<uint32_t>(RequireInt64(o, "batchSize"));
  opt.pin_threads = RequireBool(o, "pinThreads");
  opt.realtime = RequireBool(o, "realtime");
  // Undocumented test hook (test/native/latchStartFailure.test.ts): make starting that native thread fail.
  Napi::Value hook = o.Get("testFailThreadStart");
  if (hook.IsNumber()) opt.fail_thread_start = hook.As<Napi::Number>().Int32Value();
  return opt;
}

}  // namespace

void TeardownEngine(EngineState& state) {
  if (!state.engine) return;
  state.sink->Abandon();
  state.engine->Abandon();
  state.engine->Join();
}

namespace {

// The engine is done with JS: forget it and settle everyone waiting in close().
void Settle(EngineState& s) {
  s.finalized = true;
  if (s.module) s.module->engines.erase(s.self.lock());
  const bool alive = !s.module || !s.module->tearing_down;
  if (alive) {
    for (auto& d : s.closers) d.Resolve(d.Env().Undefined());
    if (s.wrap) s.wrap->Unref();
  }
  s.closers.clear();
}

// Joins on a pool thread an engine whose camera thread is still inside an SDK call, so the JS thread never
// waits for an SDK timeout; close() settles when the join is done.
class JoinWorker : public Napi::AsyncWorker {
 public:
  JoinWorker(Napi::Env env, std::shared_ptr<EngineState> state)
      : Napi::AsyncWorker(env, "ptpcam:LatchEngineJoin"), state_(std::move(state)) {}
  void Execute() override { state_->engine->Join(); }
  void OnOK() override { Settle(*state_); }

 private:
  std::shared_ptr<EngineState> state_;
};

}  // namespace

Napi::Function LatchEngineWrap::Define(Napi::Env env) {
  return DefineClass(env, "LatchEngine",
                     {InstanceMethod<&LatchEngineWrap::Stop>("stop"), InstanceMethod<&LatchEngineWrap::Close>("close")});
}

LatchEngineWrap::LatchEngineWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<LatchEngineWrap>(info) {
  Napi::Env env = info.Env();
  LatchOptions options = ToOptions(env, info[0], info[1]);
  if (!info[2].IsFunction()) throw Napi::TypeError::New(env, "onEvent must be a function");

  state_ = std::make_shared<EngineState>();
  state_->self = state_;
  state_->wrap = this;
  state_->module = env.GetInstanceData<ModuleData>();
  state_->sink = std::make_unique<TsfnSink>(state_.get());
  auto* keep = new std::shared_ptr<EngineState>(state_);
  state_->tsfn = Napi::ThreadSafeFunction::New(
      env, info[2].As<Napi::Function>(), "ptpcam:LatchEngine", 0, 1, keep,
      [](Napi::Env env, std::shared_ptr<EngineState>* kept) {
        // Runs on the JS thread once the coordinator has released the TSFN, or when the environment is torn
        // down first; either way no native thread may outlive this.
        std::unique_ptr<std::shared_ptr<EngineState>> owner(kept);
        EngineState& s = **kept;
        const bool tearing_down = s.module && s.module->tearing_down;
        if (s.engine && !s.engine->threads_ended() && !tearing_down) {
          s.sink->Abandon();
          s.engine->Abandon();
          (new JoinWorker(env, *kept))->Queue();
          return;
        }
        TeardownEngine(s);
        Settle(s);
      });
  state_->module->engines.insert(state_);
  state_->engine = std::make_unique<LatchEngine>(std::move(options), state_->sink.get());
  Ref();  // the JS object lives while native threads may still deliver to it
  try {
    state_->engine->Start();
  } catch (const std::exception& e) {
    // Start() has joined the threads it had started. The throw below destroys this object, so the finalizer must
    // not touch it; releasing the TSFN lets the finalizer drop the engine state and the event loop reference.
    state_->wrap = nullptr;
    Unref();
    state_->tsfn.Release();
    throw MakeError(env, CamError::Make(ErrorCode::kSdkError, std::string("cannot start the latch threads: ") + e.what()));
  }
}

LatchEngineWrap::~LatchEngineWrap() {
  if (state_) state_->wrap = nullptr;
}

Napi::Value LatchEngineWrap::Stop(const Napi::CallbackInfo& info) { return StopEngine(info, *state_); }

Napi::Value LatchEngineWrap::Close(const Napi::CallbackInfo& info) { return CloseEngine(info, *state_); }

}  // namespace ptpcam

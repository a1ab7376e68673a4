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

namespace ptpcam {

namespace {

// Batches delivered but not yet processed by JS. Beyond this the coordinator waits, so a reader that falls
// behind slows the run instead of growing memory without bound.
constexpr uint32_t kMaxUnread = 8;

struct Event {
  EngineState* state;
  std::unique_ptr<LatchBatch> batch;  // null for the final event
  LatchDone done;
};

class TsfnSink : public LatchSink {
 public:
  explicit TsfnSink(EngineState* state) : state_(state) {}
  bool Deliver(std::unique_ptr<LatchBatch> batch) override;
  void Finish(const LatchDone& done) override;
  void WaitReaderIdle(int64_t deadline_mono_ns) override;
  void Abandon() {
    abandoned_.store(true);
    FutexWakeAll(&unread);
  }
  // Called on the JS thread once a batch has been handed to the listener (or dropped).
  void Processed() {
    unread.fetch_sub(1);
    FutexWakeAll(&unread);
  }
  std::atomic<uint32_t> unread{0};  // futex word

 private:
  EngineState* state_;
  std::atomic<bool> abandoned_{false};
};

}  // namespace

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

namespace {

template <typename T>
Napi::Value CopyTyped(Napi::Env env, const std::vector<T>& v, napi_typedarray_type type) {
  Napi::ArrayBuffer buf = Napi::ArrayBuffer::New(env, v.size() * sizeof(T));
  if (!v.empty()) std::memcpy(buf.Data(), v.data(), v.size() * sizeof(T));
  return Napi::TypedArrayOf<T>::New(env, v.size(), buf, 0, type);
}

Napi::Object BatchToJs(Napi::Env env, const LatchBatch& b) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("type", "batch");
  o.Set("firstIndex", Napi::Number::New(env, static_cast<double>(b.first_index)));
  o.Set("count", b.count);
  o.Set("cameras", b.cameras);
  o.Set("values", CopyTyped(env, b.values, napi_biguint64_array));
  o.Set("fireNs", CopyTyped(env, b.fire_ns, napi_bigint64_array));
  o.Set("ackNs", CopyTyped(env, b.ack_ns, napi_bigint64_array));
  o.Set("doneNs", CopyTyped(env, b.done_ns, napi_bigint64_array));
  o.Set("codes", CopyTyped(env, b.codes, napi_int32_array));
  o.Set("sdkCodes", CopyTyped(env, b.sdk_codes, napi_int32_array));
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
  o.Set("failures", failures);
  return o;
}

const char* EndName(LatchEnd end) {
  switch (end) {
    case LatchEnd::kCompleted: return "completed";
    case LatchEnd::kStopped: return "stopped";
    case LatchEnd::kAbandoned: return "abandoned";
  }
  return "abandoned";
}

void CallJs(Napi::Env env, Napi::Function callback, Event* event) {
  std::unique_ptr<Event> owned(event);
  struct CountProcessed {
    TsfnSink* sink;
    ~CountProcessed() {
      if (sink) sink->Processed();
    }
  } counted{event->batch ? event->state->sink.get() : nullptr};
  if (env == nullptr || callback.IsEmpty()) return;  // the environment is going away
  Napi::Object arg;
  if (event->batch) {
    arg = BatchToJs(env, *event->batch);
  } else {
    arg = Napi::Object::New(env);
    arg.Set("type", "done");
    arg.Set("end", EndName(event->done.end));
    arg.Set("samplesDone", Napi::Number::New(env, static_cast<double>(event->done.samples_done)));
    Napi::Array busy = Napi::Array::New(env, event->done.busy_cameras.size());
    for (size_t i = 0; i < event->done.busy_cameras.size(); ++i) busy.Set(static_cast<uint32_t>(i), event->done.busy_cameras[i]);
    arg.Set("busyCameras", busy);
    arg.Set("realtime", event->done.realtime);
    if (event->done.realtime_errno != 0) arg.Set("realtimeRefused", std::strerror(event->done.realtime_errno));
  }
  try {
    callback.Call({arg});
  } catch (const Napi::Error& e) {
    // A throwing listener must not leave the engine sampling into the void: stop it and raise the error as
    // an ordinary uncaught exception (Node-API would otherwise only print a warning for this module version).
    if (event->state->engine) event->state->engine->RequestStop();
    napi_fatal_exception(env, e.Value());
  }
}

bool TsfnSink::Deliver(std::unique_ptr<LatchBatch> batch) {
  for (;;) {
    if (abandoned_.load()) return false;
    const uint32_t n = unread.load();
    if (n < kMaxUnread) break;
    // Bounded: an Abandon() that lands between the check above and this wait does not change the word.
    FutexWait(&unread, n, 5LL * 1000000LL);
  }
  unread.fetch_add(1);
  auto* event = new Event{state_, std::move(batch), {}};
  if (state_->tsfn.NonBlockingCall(event, CallJs) != napi_ok) {
    unread.fetch_sub(1);
    delete event;
    return false;
  }
  return true;
}

void TsfnSink::WaitReaderIdle(int64_t deadline) {
  for (;;) {
    const uint32_t n = unread.load();
    if (n == 0 || abandoned_.load()) return;
    const int64_t left = deadline - MonotonicNs();
    if (left <= 0) return;
    FutexWait(&unread, n, left);
  }
}

void TsfnSink::Finish(const LatchDone& done) {
  auto* event = new Event{state_, nullptr, done};
  if (state_->tsfn.NonBlockingCall(event, CallJs) != napi_ok) delete event;
  state_->tsfn.Release();
}

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

Napi::Value LatchEngineWrap::Stop(const Napi::CallbackInfo& info) {
  if (state_->engine) state_->engine->RequestStop();
  return info.Env().Undefined();
}

Napi::Value LatchEngineWrap::Close(const Napi::CallbackInfo& info) {
  auto deferred = Napi::Promise::Deferred::New(info.Env());
  if (state_->finalized) {
    deferred.Resolve(info.Env().Undefined());
  } else {
    state_->engine->RequestStop();
    state_->closers.push_back(deferred);
  }
  return deferred.Promise();
}

}  // namespace ptpcam

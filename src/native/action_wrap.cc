#include "action_wrap.h"

#include <arpa/inet.h>

#include <atomic>
#include <cstring>
#include <string>
#include <vector>

#include "core/action/action_engine.h"
#include "core/action/action_sender.h"
#include "core/action/action_targets.h"
#include "core/camera_registry.h"
#include "core/clock.h"
#include "core/futex.h"
#include "js_convert.h"
#include "napi_errors.h"
#include "promise_worker.h"
#include "tsfn_batch_sink.h"

namespace ptpcam {

using ActionTsfnSink = TsfnBatchSink<ActionSink, ActionEngineState, ActionBatch, ActionDone>;

struct ActionEngineState {
  Napi::ThreadSafeFunction tsfn;
  std::unique_ptr<ActionTsfnSink> sink;
  std::unique_ptr<ActionEngine> engine;
  std::vector<Napi::Promise::Deferred> closers;
  ActionEngineWrap* wrap = nullptr;
  napi_env env = nullptr;
  bool hook_added = false;
  bool tearing_down = false;  // the environment's cleanup hook ran: no JS may be touched any more
  bool finalized = false;
};

namespace {

void TeardownActionEngine(ActionEngineState& s) {
  if (!s.engine) return;
  s.sink->Abandon();
  s.engine->Abandon();
  s.engine->Join();
}

// No native thread outlives its environment (the process or a worker thread exiting).
void EnvCleanup(void* arg) {
  auto* s = static_cast<ActionEngineState*>(arg);
  s->tearing_down = true;
  s->hook_added = false;
  TeardownActionEngine(*s);
}

}  // namespace

// The sink's conversions (tsfn_batch_sink.h), found by argument-dependent lookup: so in ptpcam itself, static.
static Napi::Object BatchToJs(Napi::Env env, const ActionBatch& b) {
  Napi::Object o = BatchEventToJs(env, b);
  o.Set("timestamps", CopyTyped(env, b.timestamps, napi_biguint64_array));
  o.Set("tsIsNs", CopyTyped(env, b.ts_is_ns, napi_uint8_array));
  o.Set("sentNs", CopyTyped(env, b.sent_ns, napi_bigint64_array));
  o.Set("sentSource", CopyTyped(env, b.sent_source, napi_uint8_array));
  o.Set("arrivalNs", CopyTyped(env, b.arrival_ns, napi_bigint64_array));
  o.Set("blockIds", CopyTyped(env, b.block_ids, napi_biguint64_array));
  o.Set("acked", CopyTyped(env, b.acked, napi_int8_array));
  return o;
}

static const char* EndName(ActionEnd end) {
  switch (end) {
    case ActionEnd::kCompleted: return "completed";
    case ActionEnd::kStopped: return "stopped";
    case ActionEnd::kAbandoned: return "abandoned";
    case ActionEnd::kFailed: return "failed";
  }
  return "abandoned";
}

static Napi::Array Counts(Napi::Env env, const std::vector<uint64_t>& v) {
  Napi::Array a = Napi::Array::New(env, v.size());
  for (size_t i = 0; i < v.size(); ++i) a.Set(static_cast<uint32_t>(i), Napi::Number::New(env, static_cast<double>(v[i])));
  return a;
}

static Napi::Object DoneToJs(Napi::Env env, const ActionDone& d) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("type", "done");
  o.Set("end", EndName(d.end));
  o.Set("samplesDone", Napi::Number::New(env, static_cast<double>(d.samples_done)));
  o.Set("error", d.error.ok() ? env.Null() : Napi::Value(ErrorObject(env, d.error)));
  Napi::Array dest = Napi::Array::New(env, d.destinations.size());
  for (size_t i = 0; i < d.destinations.size(); ++i) dest.Set(static_cast<uint32_t>(i), d.destinations[i]);
  o.Set("destinations", dest);
  o.Set("kernelStamps", d.kernel_stamps);
  o.Set("lateFrames", Counts(env, d.late_frames));
  o.Set("lostFrames", Counts(env, d.lost_frames));
  Napi::Array stops = Napi::Array::New(env, d.stop_errors.size());
  for (size_t i = 0; i < d.stop_errors.size(); ++i)
    stops.Set(static_cast<uint32_t>(i), d.stop_errors[i].ok() ? env.Null() : Napi::Value(ErrorObject(env, d.stop_errors[i])));
  o.Set("stopErrors", stops);
  return o;
}

// The environment's cleanup hook ran: no JS may be touched any more.
static bool JsGone(const ActionEngineState& s) { return s.tearing_down; }

namespace {

std::shared_ptr<CameraSlot> Slot(Napi::Env env, const Napi::Value& v) {
  if (!v.IsNumber()) throw Napi::TypeError::New(env, "camera handles must be numbers");
  uint32_t handle = v.As<Napi::Number>().Uint32Value();
  auto slot = CameraRegistry::Instance().Get(handle);
  if (!slot) throw MakeError(env, CamError::Make(ErrorCode::kClosed, "camera handle " + std::to_string(handle) + " is not open"));
  return slot;
}

uint32_t RequireU32(const Napi::Object& o, const char* key) {
  const int64_t v = RequireInt64(o, key);
  if (v < 0 || v > 0xFFFFFFFFLL) throw Napi::TypeError::New(o.Env(), std::string("option '") + key + "' must be a 32-bit unsigned integer");
  return static_cast<uint32_t>(v);
}

ActionKeys ToKeys(const Napi::Object& o) {
  ActionKeys k;
  k.device_key = RequireU32(o, "deviceKey");
  k.group_key = RequireU32(o, "groupKey");
  k.group_mask = RequireU32(o, "groupMask");
  return k;
}

ActionOptions ToOptions(Napi::Env env, const Napi::Value& handles, const Napi::Value& value) {
  if (!handles.IsArray()) throw Napi::TypeError::New(env, "handles must be an array");
  if (!value.IsObject()) throw Napi::TypeError::New(env, "options must be an object");
  ActionOptions opt;
  Napi::Array arr = handles.As<Napi::Array>();
  for (uint32_t i = 0; i < arr.Length(); ++i) opt.cameras.push_back(Slot(env, arr.Get(i)));
  Napi::Object o = value.As<Napi::Object>();
  opt.keys = ToKeys(o);
  opt.samples = static_cast<uint64_t>(RequireInt64(o, "samples"));
  opt.interval_ns = RequireInt64(o, "intervalNs");
  opt.timeout_ns = RequireInt64(o, "timeoutNs");
  opt.ack_timeout_ns = RequireInt64(o, "ackTimeoutNs");
  opt.start_delay_ns = RequireInt64(o, "startDelayNs");
  opt.batch_size = static_cast<uint32_t>(RequireInt64(o, "batchSize"));
  opt.buffers = static_cast<uint32_t>(RequireInt64(o, "buffers"));
  opt.request_ack = RequireBool(o, "ack");
  opt.force_unicast = RequireBool(o, "forceUnicast");
  opt.kernel_stamps = RequireBool(o, "kernelStamps");
  Napi::Value ticks = o.Get("tickHz");
  if (!ticks.IsArray()) throw Napi::TypeError::New(env, "option 'tickHz' must be an array");
  Napi::Array t = ticks.As<Napi::Array>();
  if (t.Length() != arr.Length()) throw Napi::TypeError::New(env, "option 'tickHz' must have one entry per camera");
  for (uint32_t i = 0; i < t.Length(); ++i) {
    Napi::Object holder = Napi::Object::New(env);
    holder.Set("tickHz", t.Get(i));
    opt.tick_hz.push_back(static_cast<uint64_t>(RequireInt64(holder, "tickHz")));
  }
  return opt;
}

// --- feature calls for arming -------------------------------------------------------------------------------

enum class FeatureOp { kHas, kAccess, kGetEnum, kSetEnum, kEntries, kGetInt, kSetInt, kRange, kExecute };

struct FeatureRequest {
  FeatureOp op;
  std::string name;
  std::string text;
  int64_t number = 0;
};

struct FeatureResult {
  CamError error;
  bool flag = false;
  std::string text;
  int64_t number = 0, min = 0, max = 0, inc = 0;
  std::vector<std::string> entries;
};

std::vector<FeatureRequest> ToFeatureOps(const Napi::Value& value) {
  Napi::Env env = value.Env();
  if (!value.IsArray()) throw Napi::TypeError::New(env, "ops must be an array");
  Napi::Array arr = value.As<Napi::Array>();
  std::vector<FeatureRequest> ops;
  for (uint32_t i = 0; i < arr.Length(); ++i) {
    Napi::Value v = arr.Get(i);
    if (!v.IsObject()) throw Napi::TypeError::New(env, "each op must be an object");
    Napi::Object o = v.As<Napi::Object>();
    const std::string kind = RequireString(o, "op");
    FeatureRequest r;
    r.name = RequireString(o, "name");
    if (kind == "has") r.op = FeatureOp::kHas;
    else if (kind == "access") r.op = FeatureOp::kAccess;
    else if (kind == "getEnum") r.op = FeatureOp::kGetEnum;
    else if (kind == "setEnum") {
      r.op = FeatureOp::kSetEnum;
      r.text = RequireString(o, "value");
    } else if (kind == "enumEntries") r.op = FeatureOp::kEntries;
    else if (kind == "getInt") r.op = FeatureOp::kGetInt;
    else if (kind == "setInt") {
      r.op = FeatureOp::kSetInt;
      r.number = RequireInt64(o, "value");
    } else if (kind == "intRange") r.op = FeatureOp::kRange;
    else if (kind == "execute") r.op = FeatureOp::kExecute;
    else throw Napi::TypeError::New(env, "unknown op '" + kind + "'");
    ops.push_back(std::move(r));
  }
  return ops;
}

class FeatureWorker : public PromiseWorker {
 public:
  FeatureWorker(Napi::Env env, std::shared_ptr<CameraSlot> slot, std::vector<FeatureRequest> ops)
      : PromiseWorker(env, "ptpcam:ActionFeatureWorker"), slot_(std::move(slot)), ops_(std::move(ops)) {}

  void Execute() override {
    CamError e = slot_->With([this](Camera& cam) {
      results_.resize(ops_.size());
      for (size_t i = 0; i < ops_.size(); ++i) {
        const FeatureRequest& op = ops_[i];
        FeatureResult& r = results_[i];
        switch (op.op) {
          case FeatureOp::kHas: r.flag = cam.HasFeature(op.name); break;
          case FeatureOp::kAccess: r.text = cam.FeatureAccess(op.name); break;
          case FeatureOp::kGetEnum: r.error = cam.GetEnum(op.name, &r.text); break;
          case FeatureOp::kSetEnum: r.error = cam.SetEnum(op.name, op.text); break;
          case FeatureOp::kEntries: r.error = cam.GetEnumEntries(op.name, &r.entries); break;
          case FeatureOp::kGetInt: r.error = cam.GetInt(op.name, &r.number); break;
          case FeatureOp::kSetInt: r.error = cam.SetInt(op.name, op.number); break;
          case FeatureOp::kRange: r.error = cam.GetIntRange(op.name, &r.min, &r.max, &r.inc); break;
          case FeatureOp::kExecute: r.error = cam.Execute(op.name); break;
        }
      }
      return CamError::None();
    });
    if (!e.ok()) Fail(e);
  }

  Napi::Value Result(Napi::Env env) override {
    Napi::Array arr = Napi::Array::New(env, results_.size());
    for (size_t i = 0; i < results_.size(); ++i) {
      const FeatureResult& r = results_[i];
      Napi::Object o = Napi::Object::New(env);
      o.Set("ok", r.error.ok());
      if (!r.error.ok()) {
        o.Set("error", ErrorObject(env, r.error));
      } else {
        switch (ops_[i].op) {
          case FeatureOp::kHas: o.Set("value", Napi::Boolean::New(env, r.flag)); break;
          case FeatureOp::kAccess:
          case FeatureOp::kGetEnum: o.Set("value", r.text); break;
          case FeatureOp::kGetInt: o.Set("value", Napi::BigInt::New(env, r.number)); break;
          case FeatureOp::kEntries: {
            Napi::Array e = Napi::Array::New(env, r.entries.size());
            for (size_t j = 0; j < r.entries.size(); ++j) e.Set(static_cast<uint32_t>(j), r.entries[j]);
            o.Set("value", e);
            break;
          }
          case FeatureOp::kRange: {
            Napi::Object range = Napi::Object::New(env);
            range.Set("min", Napi::BigInt::New(env, r.min));
            range.Set("max", Napi::BigInt::New(env, r.max));
            range.Set("inc", Napi::BigInt::New(env, r.inc));
            o.Set("value", range);
            break;
          }
          default: break;
        }
      }
      arr.Set(static_cast<uint32_t>(i), o);
    }
    return arr;
  }

 private:
  std::shared_ptr<CameraSlot> slot_;
  std::vector<FeatureRequest> ops_;
  std::vector<FeatureResult> results_;
};

const char* SourceName(SendStampSource s) {
  switch (s) {
    case SendStampSource::kKernel: return "kernel";
    case SendStampSource::kSimulated: return "simulated";
    case SendStampSource::kClock: return "clock";
  }
  return "clock";
}

}  // namespace

Napi::Function ActionEngineWrap::Define(Napi::Env env) {
  return DefineClass(env, "ActionEngine",
                     {InstanceMethod<&ActionEngineWrap::Stop>("stop"), InstanceMethod<&ActionEngineWrap::Close>("close")});
}

ActionEngineWrap::ActionEngineWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ActionEngineWrap>(info) {
  Napi::Env env = info.Env();
  ActionOptions options = ToOptions(env, info[0], info[1]);
  if (!info[2].IsFunction()) throw Napi::TypeError::New(env, "onEvent must be a function");

  state_ = std::make_shared<ActionEngineState>();
  state_->sink = std::make_unique<ActionTsfnSink>(state_.get());
  state_->engine = std::make_unique<ActionEngine>(std::move(options), state_->sink.get());
  CamError planned = state_->engine->Prepare();
  if (!planned.ok()) {
    state_->engine.reset();
    throw MakeError(env, planned);
  }

  state_->wrap = this;
  state_->env = env;
  auto* keep = new std::shared_ptr<ActionEngineState>(state_);
  state_->tsfn = Napi::ThreadSafeFunction::New(
      env, info[2].As<Napi::Function>(), "ptpcam:ActionEngine", 0, 1, keep,
      [](Napi::Env, std::shared_ptr<ActionEngineState>* kept) {
        std::unique_ptr<std::shared_ptr<ActionEngineState>> owner(kept);
        ActionEngineState& s = **kept;
        TeardownActionEngine(s);
        s.finalized = true;
        if (s.hook_added) {
          napi_remove_env_cleanup_hook(s.env, EnvCleanup, &s);
          s.hook_added = false;
        }
        if (!s.tearing_down) {
          for (auto& d : s.closers) d.Resolve(d.Env().Undefined());
          if (s.wrap) s.wrap->Unref();
        }
        s.closers.clear();
      });
  // Added after the TSFN so that it runs before the TSFN's own teardown (hooks run in reverse order).
  if (napi_add_env_cleanup_hook(env, EnvCleanup, state_.get()) == napi_ok) state_->hook_added = true;
  Ref();  // the JS object lives while native threads may still deliver to it
  state_->engine->Start();
}

ActionEngineWrap::~ActionEngineWrap() {
  if (state_) state_->wrap = nullptr;
}

Napi::Value ActionEngineWrap::Stop(const Napi::CallbackInfo& info) { return StopEngine(info, *state_); }

Napi::Value ActionEngineWrap::Close(const Napi::CallbackInfo& info) { return CloseEngine(info, *state_); }

// actionFeatureCall(handle, ops) -> Promise<results>
Napi::Value ActionFeatureCall(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsNumber()) throw Napi::TypeError::New(env, "camera handle must be a number");
  std::vector<FeatureRequest> ops = ToFeatureOps(info[1]);
  const uint32_t handle = info[0].As<Napi::Number>().Uint32Value();
  auto slot = CameraRegistry::Instance().Get(handle);
  if (!slot) {
    auto deferred = Napi::Promise::Deferred::New(env);
    deferred.Reject(MakeError(env, CamError::Make(ErrorCode::kClosed, "camera handle " + std::to_string(handle) + " is not open")).Value());
    return deferred.Promise();
  }
  auto* worker = new FeatureWorker(env, std::move(slot), std::move(ops));
  worker->Queue();
  return worker->Promise();
}

// sendActionCommand({ address, deviceKey, groupKey, groupMask, ack, kernelStamps, count, forceUnicast,
//   ackTimeoutNs }) -> { destination, localPort, sends: [{ sentNs, source, syscallNs }], acks: [{ from, status }] }
// Synchronous: a few syscalls per send. For tests of the bytes on the wire and for the bench's per-send cost.
Napi::Value SendActionCommand(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsObject()) throw Napi::TypeError::New(env, "options must be an object");
  Napi::Object o = info[0].As<Napi::Object>();
  const std::string address = RequireString(o, "address");
  const ActionKeys keys = ToKeys(o);
  const bool ack = RequireBool(o, "ack");
  const bool kernel = RequireBool(o, "kernelStamps");
  const bool unicast = RequireBool(o, "forceUnicast");
  const int64_t count = RequireInt64(o, "count");
  const int64_t ack_timeout = RequireInt64(o, "ackTimeoutNs");
  if (count < 1 || count > 100000) throw Napi::TypeError::New(env, "option 'count' must be 1..100000");

  std::vector<ActionDestination> dests;
  CamError err = PlanDestinations({address}, {address}, LocalSubnets(), unicast, &dests);
  if (!err.ok()) throw MakeError(env, err);
  ActionSender sender;
  err = sender.Open(kernel);
  if (!err.ok()) throw MakeError(env, err);
  Napi::Array sends = Napi::Array::New(env, static_cast<size_t>(count));
  Napi::Array acks = Napi::Array::New(env);
  uint32_t ack_count = 0;
  for (int64_t i = 0; i < count; ++i) {
    SendStamp stamp;
    const uint16_t id = static_cast<uint16_t>(i % 0xFFFF + 1);
    err = sender.Send(dests[0], keys, id, ack, &stamp);
    if (!err.ok()) throw MakeError(env, err);
    Napi::Object s = Napi::Object::New(env);
    s.Set("sentNs", Napi::BigInt::New(env, stamp.realtime_ns));
    s.Set("source", SourceName(stamp.source));
    s.Set("syscallNs", Napi::Number::New(env, static_cast<double>(stamp.syscall_ns)));
    sends.Set(static_cast<uint32_t>(i), s);
    if (ack) {
      std::vector<AckSeen> seen;
      // Unicast to one address: its ack is the one to wait for.
      sender.CollectAcks(id, dests[0].broadcast ? std::vector<uint32_t>{} : std::vector<uint32_t>{dests[0].ip}, 64,
                         MonotonicNs() + ack_timeout, &seen);
      for (const auto& a : seen) {
        char ip[INET_ADDRSTRLEN] = {0};
        in_addr in{};
        in.s_addr = a.from_ip;
        inet_ntop(AF_INET, &in, ip, sizeof ip);
        Napi::Object ao = Napi::Object::New(env);
        ao.Set("sample", Napi::Number::New(env, static_cast<double>(i)));
        ao.Set("from", std::string(ip));
        ao.Set("status", a.status);
        acks.Set(ack_count++, ao);
      }
    }
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("destination", dests[0].label);
  out.Set("localPort", sender.local_port());
  out.Set("kernelStamps", sender.kernel_stamps());
  out.Set("sends", sends);
  out.Set("acks", acks);
  return out;
}

Napi::Value ActionThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), ActionEngine::LiveThreads());
}

}  // namespace ptpcam

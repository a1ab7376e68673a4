#include "js_convert.h"

namespace ptpcam {

namespace {

Napi::Value Field(const Napi::Object& o, const char* key) {
  Napi::Value v = o.Get(key);
  return v;
}

[[noreturn]] void TypeFail(Napi::Env env, const char* key, const char* want) {
  throw Napi::TypeError::New(env, std::string("option '") + key + "' must be " + want);
}

SimLatency ToLatency(const Napi::Object& o) {
  SimLatency l;
  l.median_us = RequireNumber(o, "medianUs");
  l.sigma = RequireNumber(o, "sigma");
  l.tail_probability = RequireNumber(o, "tailProbability");
  l.tail_us = RequireNumber(o, "tailUs");
  l.latch_point = RequireNumber(o, "latchPoint");
  l.latch_point_jitter = RequireNumber(o, "latchPointJitter");
  return l;
}

SimFaults ToFaults(const Napi::Object& o) {
  SimFaults f;
  f.stop_answering_at_sample = RequireInt64(o, "stopAnsweringAtSample");
  f.sdk_timeout_ms = RequireInt64(o, "sdkTimeoutMs");
  f.slow_ms = RequireInt64(o, "slowMs");
  f.never_converges = RequireBool(o, "neverConverges");
  f.become_master_after_ms = RequireInt64(o, "becomeMasterAfterMs");
  f.faulty_after_ms = RequireInt64(o, "faultyAfterMs");
  f.grandmaster_id = RequireString(o, "grandmasterId");
  // Action-method faults: optional, so a hand-built rig without them keeps working.
  if (!o.Get("stopStreamingAtFrame").IsUndefined()) f.stop_streaming_at_frame = RequireInt64(o, "stopStreamingAtFrame");
  if (!o.Get("missFrameProbability").IsUndefined()) f.miss_frame_probability = RequireNumber(o, "missFrameProbability");
  if (!o.Get("ignoreActions").IsUndefined()) f.ignore_actions = RequireBool(o, "ignoreActions");
  return f;
}

SimActionConfig ToAction(const Napi::Object& o) {
  SimActionConfig a;
  a.supported = RequireBool(o, "supported");
  a.trigger_latency_ns = RequireNumber(o, "triggerLatencyNs");
  a.trigger_jitter_ns = RequireNumber(o, "triggerJitterNs");
  a.fanout_jitter_ns = RequireNumber(o, "fanoutJitterNs");
  a.tick_hz = static_cast<uint64_t>(RequireInt64(o, "tickHz"));
  return a;
}

Napi::Object RequireObject(const Napi::Object& o, const char* key) {
  Napi::Value v = Field(o, key);
  if (!v.IsObject()) TypeFail(o.Env(), key, "an object");
  return v.As<Napi::Object>();
}

SimCameraConfig ToCamera(const Napi::Object& o) {
  SimCameraConfig c;
  c.serial = RequireString(o, "serial");
  c.model = RequireString(o, "model");
  c.vendor = RequireString(o, "vendor");
  c.interface_name = RequireString(o, "interface");
  c.offset_ns = RequireInt64(o, "offsetNs");
  c.drift_ppb = RequireNumber(o, "driftPpb");
  c.latch_jitter_ns = RequireNumber(o, "latchJitterNs");
  c.latency = ToLatency(RequireObject(o, "latency"));
  c.features = RequireString(o, "features");
  c.ptp_enabled = RequireBool(o, "ptpEnabled");
  c.role = RequireString(o, "role");
  c.listening_ms = RequireInt64(o, "listeningMs");
  c.uncalibrated_ms = RequireInt64(o, "uncalibratedMs");
  c.enable_latency_ms = RequireInt64(o, "enableLatencyMs");
  c.servo_offset_ns = RequireNumber(o, "servoOffsetNs");
  c.faults = ToFaults(RequireObject(o, "faults"));
  if (!o.Get("action").IsUndefined()) c.action = ToAction(RequireObject(o, "action"));
  return c;
}

}  // namespace

std::string RequireString(const Napi::Object& o, const char* key) {
  Napi::Value v = Field(o, key);
  if (!v.IsString()) TypeFail(o.Env(), key, "a string");
  return v.As<Napi::String>().Utf8Value();
}

double RequireNumber(const Napi::Object& o, const char* key) {
  Napi::Value v = Field(o, key);
  if (!v.IsNumber()) TypeFail(o.Env(), key, "a number");
  return v.As<Napi::Number>().DoubleValue();
}

bool RequireBool(const Napi::Object& o, const char* key) {
  Napi::Value v = Field(o, key);
  if (!v.IsBoolean()) TypeFail(o.Env(), key, "a boolean");
  return v.As<Napi::Boolean>().Value();
}

int64_t RequireInt64(const Napi::Object& o, const char* key) {
  Napi::Value v = Field(o, key);
  if (v.IsBigInt()) {
    bool lossless = false;
    int64_t r = v.As<Napi::BigInt>().Int64Value(&lossless);
    if (!lossless) TypeFail(o.Env(), key, "a 64-bit signed integer");
    return r;
  }
  if (v.IsNumber()) return v.As<Napi::Number>().Int64Value();
  TypeFail(o.Env(), key, "a bigint or a number");
}

DriverOptions ToDriverOptions(const Napi::Value& value) {
  if (!value.IsObject()) throw Napi::TypeError::New(value.Env(), "driver options must be an object");
  Napi::Object o = value.As<Napi::Object>();
  DriverOptions d;
  d.backend = RequireString(o, "backend");
  d.library_path = RequireString(o, "libraryPath");
  if (d.backend == "sim") {
    Napi::Object rig = RequireObject(o, "rig");
    d.rig.host_clock_id = RequireString(rig, "hostClockId");
    d.rig.host_role = RequireString(rig, "hostRole");
    d.rig.outside_grandmaster_id = RequireString(rig, "outsideGrandmasterId");
    d.rig.seed = static_cast<uint64_t>(RequireInt64(rig, "seed"));
    Napi::Value cams = rig.Get("cameras");
    if (!cams.IsArray()) TypeFail(o.Env(), "cameras", "an array");
    Napi::Array arr = cams.As<Napi::Array>();
    for (uint32_t i = 0; i < arr.Length(); ++i) {
      Napi::Value c = arr.Get(i);
      if (!c.IsObject()) TypeFail(o.Env(), "cameras[]", "objects");
      d.rig.cameras.push_back(ToCamera(c.As<Napi::Object>()));
    }
  }
  return d;
}

Napi::Object FromDeviceInfo(Napi::Env env, const DeviceInfo& info) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("vendor", info.vendor);
  o.Set("model", info.model);
  o.Set("serial", info.serial);
  o.Set("interface", info.interface_name);
  o.Set("address", info.address);
  o.Set("id", info.id);
  return o;
}

}  // namespace ptpcam

// IC Imaging Control 4 backend over the plain C API. Two rules shape this file:
// - IC4's last error is thread-local, so every failing call is turned into a CamError right there, on the thread
//   that made it (LastError), never later.
// - ic4_init_library runs once per process (whether a second init is allowed is unconfirmed, and the SDK may not
//   forgive one), on the first driver; ic4_exit_library runs once, at process exit. Drivers and cameras come and
//   go (each listDevices/openCameras makes a driver) without touching either.
#include <cstdlib>
#include <ctime>
#include <mutex>

#include "../driver_factory.h"
#include "ic4_action.h"
#include "ic4_api.h"
#include "ic4_unconfirmed.h"

namespace ptpcam {

namespace {

using ic4::Api;

std::string Str(const char* s) { return s != nullptr ? s : ""; }

CamError MapError(int code, std::string text) {
  switch (code) {
    case ic4::kGenicamFeatureNotFound:
      return CamError::Make(ErrorCode::kFeatureMissing, std::move(text), code);
    case ic4::kTimeout:
      return CamError::Make(ErrorCode::kTimeout, std::move(text), code);
    case ic4::kGenicamAccessDenied:
      return CamError::Make(ErrorCode::kAccessDenied, text + ": " + ic4::unconfirmed::AccessDeniedHint(), code);
    case ic4::kDeviceNotFound:
      return CamError::Make(ErrorCode::kNotFound, std::move(text), code);
    case ic4::kGenicamTypeMismatch:
      return CamError::Make(ErrorCode::kTypeMismatch, std::move(text), code);
    default:
      return CamError::Make(ErrorCode::kSdkError, std::move(text), code);
  }
}

// Must run on the thread whose IC4 call just failed.
CamError LastError(const Api& api, const std::string& context) {
  int code = 0;
  size_t len = 0;
  api.get_last_error(&code, nullptr, &len);
  std::string message;
  if (len > 0) {
    std::string buf(len, '\0');
    size_t cap = len;
    if (api.get_last_error(&code, &buf[0], &cap)) message = buf.c_str();
  }
  if (code == ic4::kNoError) {
    return CamError::Make(ErrorCode::kSdkError, context + ": IC4 failed without reporting an error");
  }
  return MapError(code, context + ": " + (message.empty() ? "IC4 error " + std::to_string(code) : message) +
                            " (IC4_ERROR " + std::to_string(code) + ")");
}

// Serialises every IC4 call only if ic4_unconfirmed.h says the SDK needs it.
std::unique_lock<std::mutex> CallLock() {
  static std::mutex m;
  return ic4::unconfirmed::kSerializeAllCalls ? std::unique_lock<std::mutex>(m) : std::unique_lock<std::mutex>();
}

std::mutex& SessionMutex() {
  static std::mutex m;
  return m;
}

// The initialised library, for the whole process. Never destroyed: the library stays loaded for the exit handler.
class Session {
 public:
  explicit Session(std::unique_ptr<Api> api) : api_(std::move(api)) {}
  const Api& api() const { return *api_; }

 private:
  std::unique_ptr<Api> api_;
};

struct ProcessSession {
  std::shared_ptr<Session> live;  // set once ic4_init_library succeeded
  CamError failed;                // set once it failed: init is not tried twice
  bool exited = false;
};
ProcessSession& TheSession() {
  static ProcessSession* s = new ProcessSession();  // leaked on purpose: read by the exit handler
  return *s;
}

// Registered with atexit right after a successful init. By then Node has run the environments' cleanup hooks,
// which closed every camera still open.
void ExitLibraryAtProcessExit() {
  std::lock_guard<std::mutex> lock(SessionMutex());
  ProcessSession& s = TheSession();
  if (!s.live || s.exited) return;
  s.exited = true;
  s.live->api().exit_library();
}

std::vector<std::string> Candidates(const std::string& library_path, std::string* described) {
  if (!library_path.empty()) {
    *described = library_path;
    return {library_path};
  }
  const char* env = std::getenv("PTPCAM_IC4_LIBRARY");
  if (env != nullptr && *env != '\0') {
    *described = std::string(env) + " (from PTPCAM_IC4_LIBRARY)";
    return {env};
  }
  std::vector<std::string> names = ic4::unconfirmed::DefaultLibraryNames();
  for (const std::string& n : names) *described += (described->empty() ? "" : " or ") + n;
  return names;
}

CamError Resolve(Api* api) {
  std::string missing;
  const DlLibrary& l = api->lib;
  l.Resolve("ic4_init_library", &api->init_library, &missing);
  l.Resolve("ic4_exit_library", &api->exit_library, &missing);
  l.Resolve("ic4_get_last_error", &api->get_last_error, &missing);
  l.Resolve("ic4_devenum_create", &api->devenum_create, &missing);
  l.Resolve("ic4_devenum_unref", &api->devenum_unref, &missing);
  l.Resolve("ic4_devenum_update_device_list", &api->devenum_update_device_list, &missing);
  l.Resolve("ic4_devenum_get_device_count", &api->devenum_get_device_count, &missing);
  l.Resolve("ic4_devenum_get_devinfo", &api->devenum_get_devinfo, &missing);
  l.Resolve("ic4_devinfo_unref", &api->devinfo_unref, &missing);
  l.Resolve("ic4_devinfo_get_model_name", &api->devinfo_get_model_name, &missing);
  l.Resolve("ic4_devinfo_get_serial", &api->devinfo_get_serial, &missing);
  l.Resolve("ic4_devinfo_get_unique_name", &api->devinfo_get_unique_name, &missing);
  l.Resolve("ic4_devinfo_get_devitf", &api->devinfo_get_devitf, &missing);
  l.Resolve("ic4_devitf_unref", &api->devitf_unref, &missing);
  l.Resolve("ic4_devitf_get_display_name", &api->devitf_get_display_name, &missing);
  l.Resolve("ic4_grabber_create", &api->grabber_create, &missing);
  l.Resolve("ic4_grabber_unref", &api->grabber_unref, &missing);
  l.Resolve("ic4_grabber_device_open", &api->grabber_device_open, &missing);
  l.Resolve("ic4_grabber_device_close", &api->grabber_device_close, &missing);
  l.Resolve("ic4_grabber_device_get_property_map", &api->grabber_device_get_property_map, &missing);
  l.Resolve("ic4_propmap_unref", &api->propmap_unref, &missing);
  l.Resolve("ic4_propmap_find", &api->propmap_find, &missing);
  l.Resolve("ic4_propmap_execute_command", &api->propmap_execute_command, &missing);
  l.Resolve("ic4_propmap_get_value_int64", &api->propmap_get_value_int64, &missing);
  l.Resolve("ic4_propmap_get_value_bool", &api->propmap_get_value_bool, &missing);
  l.Resolve("ic4_propmap_get_value_string", &api->propmap_get_value_string, &missing);
  l.Resolve("ic4_propmap_set_value_bool", &api->propmap_set_value_bool, &missing);
  l.Resolve("ic4_prop_unref", &api->prop_unref, &missing);
  l.Resolve("ic4_prop_is_available", &api->prop_is_available, &missing);
  if (missing.empty()) return CamError::None();
  return CamError::Make(ErrorCode::kSdkMissing, api->lib.path() + " is not a usable IC4 libic4core (missing symbols: " +
                                                    missing + "); " + ic4::unconfirmed::InstallHint());
}

CamError AcquireSession(const std::string& library_path, std::shared_ptr<Session>* out) {
  std::string described;
  const std::vector<std::string> candidates = Candidates(library_path, &described);
  auto api = std::make_unique<Api>();
  std::string why;
  if (!DlLibrary::Open(candidates, &api->lib, &why)) {
    return CamError::Make(ErrorCode::kSdkMissing, "IC4 library " + described + " could not be loaded (" + why +
                                                      "); " + ic4::unconfirmed::InstallHint());
  }

  std::lock_guard<std::mutex> lock(SessionMutex());
  ProcessSession& process = TheSession();
  if (!process.failed.ok()) return process.failed;
  std::shared_ptr<Session> live = process.live;
  if (live) {
    if (live->api().lib.handle() != api->lib.handle()) {
      return CamError::Make(ErrorCode::kInvalidArgument, "IC4 is already loaded from " + live->api().lib.path() +
                                                             " in this process; cannot also use " +
                                                             api->lib.path());
    }
    *out = std::move(live);
    return CamError::None();
  }
  CamError err = Resolve(api.get());
  if (!err.ok()) return err;
  const ic4::IC4_INIT_CONFIG config = ic4::unconfirmed::InitConfig();
  if (!api->init_library(&config)) {
    process.failed = LastError(*api, "ic4_init_library (" + api->lib.path() + ")");
    // Not retried by later drivers: a second init is exactly what the once-per-process rule avoids.
    return process.failed;
  }
  process.live = std::make_shared<Session>(std::move(api));
  std::atexit(ExitLibraryAtProcessExit);
  *out = process.live;
  return CamError::None();
}

// Owns one reference of an IC4 object for a scope.
template <typename T>
struct Ref {
  T* p = nullptr;
  void (*unref)(T*) = nullptr;
  explicit Ref(void (*u)(T*)) : unref(u) {}
  ~Ref() {
    if (p != nullptr) unref(p);
  }
  Ref(const Ref&) = delete;
  Ref& operator=(const Ref&) = delete;
  T* release() {
    T* r = p;
    p = nullptr;
    return r;
  }
};

DeviceInfo ReadInfo(const Api& api, const ic4::IC4_DEVICE_INFO* info) {
  DeviceInfo d;
  d.vendor = ic4::unconfirmed::Vendor();
  d.model = Str(api.devinfo_get_model_name(info));
  d.serial = Str(api.devinfo_get_serial(info));
  d.id = Str(api.devinfo_get_unique_name(info));
  Ref<ic4::IC4_INTERFACE> itf(api.devitf_unref);
  if (api.devinfo_get_devitf(info, &itf.p) && itf.p != nullptr) d.interface_name = Str(api.devitf_get_display_name(itf.p));
  if (d.interface_name.empty()) d.interface_name = "IC4";
  return d;
}

class Ic4Camera final : public Camera {
 public:
  Ic4Camera(std::shared_ptr<Session> session, ic4::IC4_GRABBER* grabber, ic4::IC4_PROPERTY_MAP* map, DeviceInfo info)
      : session_(std::move(session)), api_(session_->api()), grabber_(grabber), map_(map), info_(std::move(info)) {
    // The action method sends to the camera's IPv4 address, which IC4's device info does not give.
    int64_t ip = 0;
    if (info_.address.empty() && api_.propmap_get_value_int64(map_, ic4::unconfirmed::IpAddressFeature(), &ip)) {
      const uint32_t v = static_cast<uint32_t>(ip);
      info_.address = std::to_string(v >> 24) + "." + std::to_string((v >> 16) & 0xFF) + "." +
                      std::to_string((v >> 8) & 0xFF) + "." + std::to_string(v & 0xFF);
    } else if (info_.address.empty()) {
      LastError(api_, "address");  // consume this thread's error: a camera without the feature has no address
    }
  }
  ~Ic4Camera() override { Close(); }

  const DeviceInfo& info() const override { return info_; }

  bool HasFeature(const std::string& name) override {
    if (map_ == nullptr) return false;
    auto lock = CallLock();
    Ref<ic4::IC4_PROPERTY> prop(api_.prop_unref);
    if (!api_.propmap_find(map_, name.c_str(), &prop.p)) {
      LastError(api_, name);  // read (and so consume) this thread's error; absence is the answer, not a failure
      return false;
    }
    return api_.prop_is_available(prop.p);
  }

  CamError GetBool(const std::string& name, bool* out) override {
    if (map_ == nullptr) return ClosedError();
    auto lock = CallLock();
    bool v = false;
    if (!api_.propmap_get_value_bool(map_, name.c_str(), &v)) return Fail("get " + name);
    *out = v;
    return CamError::None();
  }

  CamError SetBool(const std::string& name, bool value) override {
    if (map_ == nullptr) return ClosedError();
    auto lock = CallLock();
    if (!api_.propmap_set_value_bool(map_, name.c_str(), value)) return Fail("set " + name);
    return CamError::None();
  }

  // For an enumeration, ic4_propmap_get_value_string yields the selected entry's name.
  CamError GetEnum(const std::string& name, std::string* out) override {
    if (map_ == nullptr) return ClosedError();
    auto lock = CallLock();
    std::string buf(64, '\0');
    for (int attempt = 0; attempt < 3; ++attempt) {
      size_t size = buf.size();
      if (api_.propmap_get_value_string(map_, name.c_str(), &buf[0], &size)) {
        *out = buf.c_str();
        return CamError::None();
      }
      CamError err = Fail("get " + name);
      // The value may have grown between the calls; *size is always the required size.
      if (err.sdk_code != ic4::kBufferTooSmall && size <= buf.size()) return err;
      buf.assign(size > buf.size() ? size : buf.size() * 2, '\0');
    }
    return CamError::Make(ErrorCode::kSdkError, "get " + name + " on " + info_.serial + ": value keeps growing");
  }

  CamError GetInt(const std::string& name, int64_t* out) override {
    if (map_ == nullptr) return ClosedError();
    auto lock = CallLock();
    int64_t v = 0;
    if (!api_.propmap_get_value_int64(map_, name.c_str(), &v)) return Fail("get " + name);
    *out = v;
    return CamError::None();
  }

  CamError Execute(const std::string& name) override {
    if (map_ == nullptr) return ClosedError();
    auto lock = CallLock();
    if (!api_.propmap_execute_command(map_, name.c_str())) return Fail("execute " + name);
    return CamError::None();
  }

  // The confirmed C API has no execute/get on a property handle (only by name on the map), so the hot path keeps
  // its two name lookups; this only makes a camera without the latch fail before sampling starts.
  CamError PrepareLatch() override {
    if (map_ == nullptr) return ClosedError();
    auto lock = CallLock();
    for (const char* name : {"TimestampLatch", "TimestampLatchValue"}) {
      Ref<ic4::IC4_PROPERTY> prop(api_.prop_unref);
      if (!api_.propmap_find(map_, name, &prop.p)) return Fail(std::string("find ") + name);
    }
    return CamError::None();
  }

  CamError FireLatch() override { return Execute("TimestampLatch"); }

  CamError ReadLatch(uint64_t* out) override {
    if (map_ == nullptr) return ClosedError();
    auto lock = CallLock();
    int64_t v = 0;
    if (!api_.propmap_get_value_int64(map_, "TimestampLatchValue", &v)) return Fail("get TimestampLatchValue");
    *out = static_cast<uint64_t>(v);  // the register's 64 bits, whatever their sign
    return CamError::None();
  }

  // --- Action method (ic4_action.h; assumptions in ic4_unconfirmed.h) ---------------------------------------

  CamError SetEnum(const std::string& name, const std::string& value) override {
    if (map_ == nullptr) return ClosedError();
    if (CamError m = ActionMissing("set " + name); !m.ok()) return m;
    auto lock = CallLock();
    // For an enumeration this selects the entry whose name (or display name) matches.
    if (!act().propmap_set_value_string(map_, name.c_str(), value.c_str())) return Fail("set " + name + " = " + value);
    return CamError::None();
  }

  CamError SetInt(const std::string& name, int64_t value) override {
    if (map_ == nullptr) return ClosedError();
    if (CamError m = ActionMissing("set " + name); !m.ok()) return m;
    auto lock = CallLock();
    if (!act().propmap_set_value_int64(map_, name.c_str(), value)) return Fail("set " + name + " = " + std::to_string(value));
    return CamError::None();
  }

  CamError GetEnumEntries(const std::string& name, std::vector<std::string>* out) override {
    if (map_ == nullptr) return ClosedError();
    if (CamError m = ActionMissing("entries of " + name); !m.ok()) return m;
    auto lock = CallLock();
    Ref<ic4::IC4_PROPERTY> prop(api_.prop_unref);
    if (!api_.propmap_find(map_, name.c_str(), &prop.p)) return Fail("find " + name);
    Ref<ic4::IC4_PROPERTY_LIST> list(act().proplist_unref);
    if (!act().prop_enum_get_entries(prop.p, &list.p)) return Fail("entries of " + name);
    size_t n = 0;
    if (!act().proplist_size(list.p, &n)) return Fail("entries of " + name);
    out->clear();
    for (size_t i = 0; i < n; ++i) {
      Ref<ic4::IC4_PROPERTY> entry(api_.prop_unref);
      if (!act().proplist_at(list.p, i, &entry.p)) return Fail("entries of " + name);
      if (api_.prop_is_available(entry.p)) out->push_back(Str(act().prop_get_name(entry.p)));
    }
    return CamError::None();
  }

  CamError GetIntRange(const std::string& name, int64_t* min, int64_t* max, int64_t* inc) override {
    if (map_ == nullptr) return ClosedError();
    if (CamError m = ActionMissing("range of " + name); !m.ok()) return m;
    auto lock = CallLock();
    Ref<ic4::IC4_PROPERTY> prop(api_.prop_unref);
    if (!api_.propmap_find(map_, name.c_str(), &prop.p)) return Fail("find " + name);
    if (!act().prop_integer_get_min(prop.p, min) || !act().prop_integer_get_max(prop.p, max) ||
        !act().prop_integer_get_inc(prop.p, inc))
      return Fail("range of " + name);
    if (*inc < 1) *inc = 1;
    return CamError::None();
  }

  // IC4 says whether a property is read-only, not whether it is write-only; arming tries to read ActionDeviceKey
  // and treats a refused read as write-only.
  std::string FeatureAccess(const std::string& name) override {
    if (map_ == nullptr || !act().missing.empty() || !HasFeature(name)) return "NA";
    auto lock = CallLock();
    Ref<ic4::IC4_PROPERTY> prop(api_.prop_unref);
    if (!api_.propmap_find(map_, name.c_str(), &prop.p)) {
      LastError(api_, name);
      return "NA";
    }
    return act().prop_is_readonly(prop.p) ? "RO" : "RW";
  }

  CamError StartFrames(uint32_t buffers) override {
    (void)buffers;  // the SDK allocates what the device needs (ic4_unconfirmed.h)
    if (map_ == nullptr) return ClosedError();
    if (CamError m = ActionMissing("start the stream"); !m.ok()) return m;
    StopFrames();
    auto lock = CallLock();
    ic4::IC4_QUEUESINK_CONFIG config{};
    ic4::IC4_SINK* sink = nullptr;
    if (!act().queuesink_create(&sink, &config)) return Fail("create queue sink");
    if (!act().grabber_stream_setup(grabber_, sink, nullptr, true)) {
      CamError err = Fail("stream setup");
      act().sink_unref(sink);
      return err;
    }
    sink_ = sink;
    return CamError::None();
  }

  CamError WaitFrame(int64_t timeout_ns, FrameInfo* out) override {
    if (sink_ == nullptr) return CamError::Make(ErrorCode::kClosed, "the stream of " + info_.serial + " is not started");
    timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    const int64_t deadline = start.tv_sec * 1000000000LL + start.tv_nsec + timeout_ns;
    for (;;) {
      ic4::IC4_IMAGE_BUFFER* buffer = nullptr;
      {
        auto lock = CallLock();
        if (act().queuesink_pop_output_buffer(sink_, &buffer)) {
          ic4::IC4_FRAME_METADATA md{};
          const bool have = act().imagebuffer_get_metadata(buffer, &md);
          CamError err = have ? CamError::None() : Fail("frame metadata");
          act().imagebuffer_unref(buffer);  // back to the sink for reuse
          if (!err.ok()) return err;
          timespec now;
          clock_gettime(CLOCK_REALTIME, &now);
          out->arrival_ns = now.tv_sec * 1000000000LL + now.tv_nsec;
          out->block_id = md.device_frame_number;
          out->timestamp = md.device_timestamp_ns;
          out->timestamp_is_ns = ic4::unconfirmed::kDeviceTimestampIsNs;
          out->complete = true;
          out->status = 0;
          return CamError::None();
        }
        CamError err = Fail("pop frame");
        if (err.sdk_code != ic4::kNoData) return err;
      }
      timespec now;
      clock_gettime(CLOCK_MONOTONIC, &now);
      const int64_t left = deadline - (now.tv_sec * 1000000000LL + now.tv_nsec);
      if (left <= 0) return CamError::Make(ErrorCode::kTimeout, "no frame from " + info_.serial);
      const int64_t nap = left < ic4::unconfirmed::kQueuePollNs ? left : ic4::unconfirmed::kQueuePollNs;
      timespec ts{static_cast<time_t>(nap / 1000000000LL), static_cast<long>(nap % 1000000000LL)};
      nanosleep(&ts, nullptr);
    }
  }

  // Acquisition is stopped first and explicitly, as the Aravis driver does: whether ic4_grabber_stream_stop also
  // stops it is not documented (ic4_unconfirmed.h), and a camera left acquiring keeps its image format locked.
  CamError StopFrames() override {
    if (sink_ == nullptr) return CamError::None();
    auto lock = CallLock();
    CamError result;
    if (map_ != nullptr && !api_.propmap_execute_command(map_, "AcquisitionStop")) {
      CamError stop = Fail("execute AcquisitionStop");
      if (stop.code != ErrorCode::kFeatureMissing) result = stop;  // without the command there is nothing to stop
    }
    if (grabber_ != nullptr && !act().grabber_stream_stop(grabber_) && result.ok()) result = Fail("stream stop");
    act().sink_unref(sink_);
    sink_ = nullptr;
    return result;
  }

  void Close() override {
    if (grabber_ == nullptr) return;
    StopFrames();
    auto lock = CallLock();
    api_.propmap_unref(map_);
    map_ = nullptr;
    // ic4_grabber_unref would close the device too; closing explicitly reports nothing we could act on, so its
    // result (and last error) is dropped here.
    if (!api_.grabber_device_close(grabber_)) LastError(api_, "close");
    api_.grabber_unref(grabber_);
    grabber_ = nullptr;
  }

 private:
  CamError Fail(const std::string& what) const { return LastError(api_, what + " on " + info_.serial); }
  const ic4::ActionApi& act() const { return ic4::ActionApiOf(api_); }
  CamError ActionMissing(const std::string& what) const {
    if (act().missing.empty()) return CamError::None();
    return CamError::Make(ErrorCode::kFeatureMissing, what + " on " + info_.serial + ": this IC4 library lacks " + act().missing);
  }
  CamError ClosedError() const {
    return CamError::Make(ErrorCode::kClosed, "camera " + info_.serial + " is closed");
  }

  std::shared_ptr<Session> session_;  // keeps ic4_exit_library away while the grabber lives
  const Api& api_;
  ic4::IC4_GRABBER* grabber_;
  ic4::IC4_PROPERTY_MAP* map_;
  DeviceInfo info_;
  ic4::IC4_SINK* sink_ = nullptr;
};

class Ic4Driver final : public CameraDriver {
 public:
  explicit Ic4Driver(std::shared_ptr<Session> session) : session_(std::move(session)), api_(session_->api()) {}

  const char* name() const override { return "ic4"; }

  CamError List(std::vector<DeviceInfo>* out) override {
    auto lock = CallLock();
    Ref<ic4::IC4_DEVICE_ENUM> e(api_.devenum_unref);
    CamError err = Enumerate(&e);
    if (!err.ok()) return err;
    int n = 0;
    err = Count(e, &n);
    if (!err.ok()) return err;
    out->clear();
    for (int i = 0; i < n; ++i) {
      Ref<ic4::IC4_DEVICE_INFO> info(api_.devinfo_unref);
      if (!api_.devenum_get_devinfo(e.p, i, &info.p)) return LastError(api_, "ic4_devenum_get_devinfo");
      out->push_back(ReadInfo(api_, info.p));
    }
    return CamError::None();
  }

  CamError Open(const std::string& serial, std::unique_ptr<Camera>* out) override {
    if (serial.empty()) return CamError::Make(ErrorCode::kInvalidArgument, "empty camera serial");
    auto lock = CallLock();
    Ref<ic4::IC4_DEVICE_ENUM> e(api_.devenum_unref);
    CamError err = Enumerate(&e);
    if (!err.ok()) return err;
    // Matched on the serial ourselves: ic4_grabber_device_open_by_identifier also accepts model and user names,
    // so a serial that equals another camera's user id would open the wrong camera.
    Ref<ic4::IC4_DEVICE_INFO> info(api_.devinfo_unref);
    int n = 0;
    err = Count(e, &n);
    if (!err.ok()) return err;
    for (int i = 0; i < n && info.p == nullptr; ++i) {
      Ref<ic4::IC4_DEVICE_INFO> candidate(api_.devinfo_unref);
      if (!api_.devenum_get_devinfo(e.p, i, &candidate.p)) return LastError(api_, "ic4_devenum_get_devinfo");
      if (Str(api_.devinfo_get_serial(candidate.p)) == serial) info.p = candidate.release();
    }
    if (info.p == nullptr) {
      return CamError::Make(ErrorCode::kNotFound,
                            "no IC4 camera with serial " + serial + " (" + std::to_string(n) + " camera(s) found)",
                            ic4::kDeviceNotFound);
    }
    DeviceInfo di = ReadInfo(api_, info.p);

    Ref<ic4::IC4_GRABBER> grabber(api_.grabber_unref);
    if (!api_.grabber_create(&grabber.p)) return LastError(api_, "ic4_grabber_create");
    if (!api_.grabber_device_open(grabber.p, info.p)) return LastError(api_, "open " + serial);
    Ref<ic4::IC4_PROPERTY_MAP> map(api_.propmap_unref);
    if (!api_.grabber_device_get_property_map(grabber.p, &map.p)) {
      return LastError(api_, "property map of " + serial);
    }
    *out = std::make_unique<Ic4Camera>(session_, grabber.release(), map.release(), std::move(di));
    return CamError::None();
  }

 private:
  CamError Enumerate(Ref<ic4::IC4_DEVICE_ENUM>* e) {
    if (!api_.devenum_create(&e->p)) return LastError(api_, "ic4_devenum_create");
    if (!api_.devenum_update_device_list(e->p)) return LastError(api_, "ic4_devenum_update_device_list");
    return CamError::None();
  }

  // ic4_devenum_get_device_count returns 0 both for "no camera" and on error; only the last error tells which.
  CamError Count(const Ref<ic4::IC4_DEVICE_ENUM>& e, int* n) {
    *n = api_.devenum_get_device_count(e.p);
    if (*n > 0) return CamError::None();
    *n = 0;
    int code = ic4::kNoError;
    size_t len = 0;
    api_.get_last_error(&code, nullptr, &len);
    if (code == ic4::kNoError) return CamError::None();
    return LastError(api_, "ic4_devenum_get_device_count");
  }

  std::shared_ptr<Session> session_;
  const Api& api_;
};

}  // namespace

CamError CreateIc4Driver(const std::string& library_path, std::shared_ptr<CameraDriver>* out) {
  std::shared_ptr<Session> session;
  CamError err = AcquireSession(library_path, &session);
  if (!err.ok()) return err;
  *out = std::make_shared<Ic4Driver>(std::move(session));
  return CamError::None();
}

}  // namespace ptpcam

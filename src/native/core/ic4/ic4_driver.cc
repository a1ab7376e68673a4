// IC Imaging Control 4 backend over the plain C API. Two rules shape this file:
// - IC4's last error is thread-local, so every failing call is turned into a CamError right there, on the thread
//   that made it (LastError), never later.
// - ic4_init_library/ic4_exit_library bracket the library's whole use in the process; a Session object shared by
//   every driver and camera does both, so exit cannot run while a grabber is still alive.
#include <cstdlib>
#include <mutex>

#include "../driver_factory.h"
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

class Session {
 public:
  explicit Session(std::unique_ptr<Api> api) : api_(std::move(api)) {}
  // Under SessionMutex so a new driver's ic4_init_library cannot slip in before this exit.
  ~Session() {
    std::lock_guard<std::mutex> lock(SessionMutex());
    if (ic4::unconfirmed::kExitWhenUnused) api_->exit_library();
  }
  const Api& api() const { return *api_; }

 private:
  std::unique_ptr<Api> api_;
};
std::weak_ptr<Session>& CurrentSession() {
  static std::weak_ptr<Session> s;
  return s;
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

  // Declared before the lock: if this turns out to be the last reference, ~Session (which takes the same mutex)
  // runs after the lock is released.
  std::shared_ptr<Session> live;
  std::lock_guard<std::mutex> lock(SessionMutex());
  live = CurrentSession().lock();
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
  if (!api->init_library(&config)) return LastError(*api, "ic4_init_library (" + api->lib.path() + ")");
  auto session = std::make_shared<Session>(std::move(api));
  CurrentSession() = session;
  *out = std::move(session);
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
      : session_(std::move(session)), api_(session_->api()), grabber_(grabber), map_(map), info_(std::move(info)) {}
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

  void Close() override {
    if (grabber_ == nullptr) return;
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
  CamError ClosedError() const {
    return CamError::Make(ErrorCode::kClosed, "camera " + info_.serial + " is closed");
  }

  std::shared_ptr<Session> session_;  // keeps ic4_exit_library away while the grabber lives
  const Api& api_;
  ic4::IC4_GRABBER* grabber_;
  ic4::IC4_PROPERTY_MAP* map_;
  DeviceInfo info_;
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
    const int n = api_.devenum_get_device_count(e.p);
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
    const int n = api_.devenum_get_device_count(e.p);
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

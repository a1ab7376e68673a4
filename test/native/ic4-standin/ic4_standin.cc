// libic4core-standin.so: the IC4 C functions the ptpcam IC4 driver resolves, same names and prototypes, over
// simulated cameras. Loaded exactly like the real SDK (PTPCAM_IC4_LIBRARY or the library-path option).
//
// Configuration (read at every ic4_devenum_update_device_list):
//   IC4_STANDIN_CAMERAS    "serial:model[:offset_ns[:flag|flag...]],..."   flags:
//                            noptp    no PtpEnable/PtpStatus         nolatch  no TimestampLatch/TimestampLatchValue
//                            denied   writes and commands fail with IC4_ERROR_GENICAM_ACCESS_DENIED
//                            timeout  every property call fails with IC4_ERROR_TIMEOUT
//                          default "STANDIN-1:DFK 33GR0234:0,STANDIN-2:DFK 33GX546:2500000,STANDIN-3:DFK 37AUX178:0:noptp"
//   IC4_STANDIN_SETTLE_MS  how long PtpStatus stays Listening after PtpEnable=true before Slave (default 300)
//   IC4_STANDIN_INTERFACE  interface display name (default "standin0")
//   IC4_STANDIN_COUNT_ERROR  when set, ic4_devenum_get_device_count returns 0 with IC4_ERROR_DRIVER_ERROR set
//   IC4_STANDIN_EXIT_REPORT  a file ic4_exit_library appends one line to ("exit live_objects=N"), so a test can see
//                          the call a process makes at its exit
// Lifetime: ic4_init_library succeeds once per process; a second call (also after ic4_exit_library) fails with
// IC4_ERROR_INVALID_OPERATION. Whether the real SDK allows it is unconfirmed (shared notes ic4-c-api.md), so the
// stand-in holds the driver to the strict reading.
// Each camera's clock is CLOCK_REALTIME + offset_ns; TimestampLatch copies it into TimestampLatchValue.
// Test hooks (not IC4): ic4_standin_init_calls, ic4_standin_exit_calls, ic4_standin_live_objects.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#define IC4_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

enum Ic4Error {
  NOERROR = 0,
  INVALID_OPERATION = 3,
  LIBRARY_NOT_INITIALIZED = 5,
  DRIVER_ERROR = 6,
  INVALID_PARAM_VAL = 7,
  DEVICE_INVALID = 13,
  DEVICE_NOT_FOUND = 16,
  TIMEOUT = 27,
  BUFFER_TOO_SMALL = 50,
  GENICAM_FEATURE_NOT_FOUND = 101,
  GENICAM_TYPE_MISMATCH = 103,
  GENICAM_ACCESS_DENIED = 106,
};

// IC4's documented contract: the last error belongs to the calling thread.
struct LastError {
  int code = NOERROR;
  std::string message;
};
thread_local LastError t_error;

bool Fail(int code, const std::string& message) {
  t_error.code = code;
  t_error.message = message;
  return false;
}
bool Ok() {
  t_error.code = NOERROR;
  t_error.message.clear();
  return true;
}

std::atomic<int> g_init_calls{0};
std::atomic<int> g_exit_calls{0};
std::atomic<int> g_initialized{0};
std::atomic<int> g_live_objects{0};

bool RequireInit() {
  if (g_initialized.load() > 0) return true;
  return Fail(LIBRARY_NOT_INITIALIZED, "Library not initialized");
}

struct CameraConfig {
  std::string serial;
  std::string model;
  int64_t offset_ns = 0;
  bool ptp = true;
  bool latch = true;
  bool denied = false;
  bool timeout = false;
};

// Per-serial state shared by every grabber that opens the camera, as a real camera's registers would be.
struct CameraState {
  std::mutex mu;
  bool ptp_enabled = false;
  std::chrono::steady_clock::time_point enabled_at;
  uint64_t latched = 0;
};

std::mutex g_mu;
std::map<std::string, std::shared_ptr<CameraState>> g_states;

std::shared_ptr<CameraState> StateFor(const std::string& serial) {
  std::lock_guard<std::mutex> lock(g_mu);
  auto& s = g_states[serial];
  if (!s) s = std::make_shared<CameraState>();
  return s;
}

std::vector<CameraConfig> ReadConfig() {
  const char* env = std::getenv("IC4_STANDIN_CAMERAS");
  std::string spec = env != nullptr
                         ? env
                         : "STANDIN-1:DFK 33GR0234:0,STANDIN-2:DFK 33GX546:2500000,STANDIN-3:DFK 37AUX178:0:noptp";
  std::vector<CameraConfig> out;
  size_t start = 0;
  while (start <= spec.size()) {
    size_t end = spec.find(',', start);
    if (end == std::string::npos) end = spec.size();
    std::string item = spec.substr(start, end - start);
    start = end + 1;
    if (item.empty()) continue;
    std::vector<std::string> f;
    size_t p = 0;
    while (true) {
      size_t q = item.find(':', p);
      f.push_back(item.substr(p, q == std::string::npos ? std::string::npos : q - p));
      if (q == std::string::npos) break;
      p = q + 1;
    }
    CameraConfig c;
    c.serial = f[0];
    c.model = f.size() > 1 ? f[1] : "DFK STANDIN";
    if (f.size() > 2 && !f[2].empty()) c.offset_ns = std::strtoll(f[2].c_str(), nullptr, 10);
    if (f.size() > 3) {
      const std::string& flags = f[3];
      c.ptp = flags.find("noptp") == std::string::npos;
      c.latch = flags.find("nolatch") == std::string::npos;
      c.denied = flags.find("denied") != std::string::npos;
      c.timeout = flags.find("timeout") != std::string::npos;
    }
    out.push_back(c);
  }
  return out;
}

int64_t SettleMs() {
  const char* env = std::getenv("IC4_STANDIN_SETTLE_MS");
  return env != nullptr ? std::strtoll(env, nullptr, 10) : 300;
}

uint64_t CameraClock(int64_t offset_ns) {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  const uint64_t now = static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
  return now + static_cast<uint64_t>(offset_ns);  // modular: a negative offset subtracts
}

// Refcounted base: *_ref/*_unref semantics, counted for the leak hook.
struct Object {
  std::atomic<int> refs{1};
  Object() { ++g_live_objects; }
  virtual ~Object() { --g_live_objects; }
};
template <typename T>
T* Ref(T* o) {
  if (o != nullptr) ++o->refs;
  return o;
}
template <typename T>
void Unref(T* o) {
  if (o != nullptr && --o->refs == 0) delete o;
}

}  // namespace

struct IC4_INIT_CONFIG {
  int api_log_level;
  int internal_log_level;
  int log_targets;
  const char* log_file;
  uint64_t reserved0;
};
struct IC4_DEVICE_ENUM : Object {
  std::vector<CameraConfig> cameras;
};
struct IC4_DEVICE_INFO : Object {
  CameraConfig cam;
  std::string unique;
};
struct IC4_INTERFACE : Object {
  std::string name;
};
struct OpenDevice {
  CameraConfig cam;
  std::shared_ptr<CameraState> state;
  std::atomic<bool> open{true};
};
struct IC4_GRABBER : Object {
  std::shared_ptr<OpenDevice> device;
};
struct IC4_PROPERTY_MAP : Object {
  std::shared_ptr<OpenDevice> device;
};
struct IC4_PROPERTY : Object {
  std::string name;
};

namespace {

enum class Kind { kNone, kBool, kEnum, kCommand, kInt };

Kind KindOf(const CameraConfig& c, const std::string& name) {
  if (c.ptp && name == "PtpEnable") return Kind::kBool;
  if (c.ptp && name == "PtpStatus") return Kind::kEnum;
  if (c.latch && name == "TimestampLatch") return Kind::kCommand;
  if (c.latch && name == "TimestampLatchValue") return Kind::kInt;
  if (name == "Width") return Kind::kInt;
  return Kind::kNone;
}

// Common entry checks for property calls; on success *dev is the open camera and *kind the feature's type.
bool Enter(IC4_PROPERTY_MAP* map, const char* name, OpenDevice** dev, Kind* kind) {
  if (!RequireInit()) return false;
  if (map == nullptr || name == nullptr) return Fail(INVALID_PARAM_VAL, "map and prop_name are required");
  if (!map->device->open) return Fail(DEVICE_INVALID, "The device was closed");
  *dev = map->device.get();
  if ((*dev)->cam.timeout) return Fail(TIMEOUT, std::string("Timeout accessing ") + name);
  *kind = KindOf((*dev)->cam, name);
  if (*kind == Kind::kNone) return Fail(GENICAM_FEATURE_NOT_FOUND, std::string("Feature not found: ") + name);
  return true;
}

const char* PtpStatus(OpenDevice* dev) {
  std::lock_guard<std::mutex> lock(dev->state->mu);
  if (!dev->state->ptp_enabled) return "Disabled";
  const auto since = std::chrono::steady_clock::now() - dev->state->enabled_at;
  return since >= std::chrono::milliseconds(SettleMs()) ? "Slave" : "Listening";
}

bool Latch(OpenDevice* dev) {
  std::lock_guard<std::mutex> lock(dev->state->mu);
  dev->state->latched = CameraClock(dev->cam.offset_ns);
  return Ok();
}

}  // namespace

IC4_EXPORT bool ic4_init_library(const IC4_INIT_CONFIG* config) {
  static std::atomic<bool> ever{false};
  ++g_init_calls;
  if (config != nullptr && config->reserved0 != 0) return Fail(INVALID_PARAM_VAL, "reserved0 must be 0");
  if (ever.exchange(true)) {
    return Fail(INVALID_OPERATION, "ic4_init_library called again in this process (the stand-in allows one init)");
  }
  ++g_initialized;
  return Ok();
}

IC4_EXPORT void ic4_exit_library(void) {
  ++g_exit_calls;
  if (g_initialized.load() > 0) --g_initialized;
  if (const char* report = std::getenv("IC4_STANDIN_EXIT_REPORT")) {
    if (FILE* f = std::fopen(report, "a")) {
      std::fprintf(f, "exit live_objects=%d\n", g_live_objects.load());
      std::fclose(f);
    }
  }
}

IC4_EXPORT bool ic4_get_last_error(int* pError, char* message, size_t* message_length) {
  // Its own failures leave the stored error alone, as documented.
  if (pError == nullptr) return false;
  if (message != nullptr && message_length == nullptr) return false;
  *pError = t_error.code;
  const size_t need = t_error.message.size() + 1;
  if (message_length != nullptr) {
    const size_t have = *message_length;
    *message_length = need;
    if (message != nullptr) {
      if (have < need) return false;
      std::memcpy(message, t_error.message.c_str(), need);
    }
  }
  return true;
}

IC4_EXPORT bool ic4_devenum_create(IC4_DEVICE_ENUM** pp) {
  if (!RequireInit()) return false;
  if (pp == nullptr) return Fail(INVALID_PARAM_VAL, "ppEnumerator is NULL");
  *pp = new IC4_DEVICE_ENUM();
  return Ok();
}
IC4_EXPORT IC4_DEVICE_ENUM* ic4_devenum_ref(IC4_DEVICE_ENUM* e) { return Ref(e); }
IC4_EXPORT void ic4_devenum_unref(IC4_DEVICE_ENUM* e) { Unref(e); }

IC4_EXPORT bool ic4_devenum_update_device_list(IC4_DEVICE_ENUM* e) {
  if (!RequireInit()) return false;
  if (e == nullptr) return Fail(INVALID_PARAM_VAL, "pEnumerator is NULL");
  e->cameras = ReadConfig();
  return Ok();
}

IC4_EXPORT int ic4_devenum_get_device_count(const IC4_DEVICE_ENUM* e) {
  if (!RequireInit()) return 0;
  if (e == nullptr) return Fail(INVALID_PARAM_VAL, "pEnumerator is NULL"), 0;
  if (std::getenv("IC4_STANDIN_COUNT_ERROR") != nullptr) return Fail(DRIVER_ERROR, "device list unavailable"), 0;
  Ok();
  return static_cast<int>(e->cameras.size());
}

IC4_EXPORT bool ic4_devenum_get_devinfo(const IC4_DEVICE_ENUM* e, int index, IC4_DEVICE_INFO** pp) {
  if (!RequireInit()) return false;
  if (e == nullptr || pp == nullptr) return Fail(INVALID_PARAM_VAL, "NULL argument");
  if (index < 0 || index >= static_cast<int>(e->cameras.size())) return Fail(INVALID_PARAM_VAL, "index out of range");
  auto* info = new IC4_DEVICE_INFO();
  info->cam = e->cameras[static_cast<size_t>(index)];
  info->unique = info->cam.model + " " + info->cam.serial;
  *pp = info;
  return Ok();
}

IC4_EXPORT IC4_DEVICE_INFO* ic4_devinfo_ref(IC4_DEVICE_INFO* i) { return Ref(i); }
IC4_EXPORT void ic4_devinfo_unref(IC4_DEVICE_INFO* i) { Unref(i); }
IC4_EXPORT const char* ic4_devinfo_get_model_name(const IC4_DEVICE_INFO* i) {
  return i != nullptr ? (Ok(), i->cam.model.c_str()) : (Fail(INVALID_PARAM_VAL, "pInfo is NULL"), nullptr);
}
IC4_EXPORT const char* ic4_devinfo_get_serial(const IC4_DEVICE_INFO* i) {
  return i != nullptr ? (Ok(), i->cam.serial.c_str()) : (Fail(INVALID_PARAM_VAL, "pInfo is NULL"), nullptr);
}
IC4_EXPORT const char* ic4_devinfo_get_unique_name(const IC4_DEVICE_INFO* i) {
  return i != nullptr ? (Ok(), i->unique.c_str()) : (Fail(INVALID_PARAM_VAL, "pInfo is NULL"), nullptr);
}
IC4_EXPORT bool ic4_devinfo_get_devitf(const IC4_DEVICE_INFO* i, IC4_INTERFACE** pp) {
  if (i == nullptr || pp == nullptr) return Fail(INVALID_PARAM_VAL, "NULL argument");
  auto* itf = new IC4_INTERFACE();
  const char* env = std::getenv("IC4_STANDIN_INTERFACE");
  itf->name = env != nullptr ? env : "standin0";
  *pp = itf;
  return Ok();
}
IC4_EXPORT void ic4_devitf_unref(IC4_INTERFACE* i) { Unref(i); }
IC4_EXPORT const char* ic4_devitf_get_display_name(const IC4_INTERFACE* i) {
  return i != nullptr ? (Ok(), i->name.c_str()) : (Fail(INVALID_PARAM_VAL, "pInterface is NULL"), nullptr);
}

IC4_EXPORT bool ic4_grabber_create(IC4_GRABBER** pp) {
  if (!RequireInit()) return false;
  if (pp == nullptr) return Fail(INVALID_PARAM_VAL, "ppGrabber is NULL");
  *pp = new IC4_GRABBER();
  return Ok();
}
IC4_EXPORT IC4_GRABBER* ic4_grabber_ref(IC4_GRABBER* g) { return Ref(g); }
IC4_EXPORT void ic4_grabber_unref(IC4_GRABBER* g) {
  if (g != nullptr && g->refs.load() == 1 && g->device) g->device->open = false;  // destroy closes the device
  Unref(g);
}

IC4_EXPORT bool ic4_grabber_device_open(IC4_GRABBER* g, IC4_DEVICE_INFO* info) {
  if (!RequireInit()) return false;
  if (g == nullptr || info == nullptr) return Fail(INVALID_PARAM_VAL, "NULL argument");
  if (g->device && g->device->open) return Fail(INVALID_OPERATION, "The grabber already has a device open");
  // The device must still be present in the current configuration.
  bool present = false;
  for (const CameraConfig& c : ReadConfig()) present = present || c.serial == info->cam.serial;
  if (!present) return Fail(DEVICE_NOT_FOUND, "Device " + info->cam.serial + " not found");
  auto dev = std::make_shared<OpenDevice>();
  dev->cam = info->cam;
  dev->state = StateFor(info->cam.serial);
  g->device = dev;
  return Ok();
}

IC4_EXPORT bool ic4_grabber_device_close(IC4_GRABBER* g) {
  if (!RequireInit()) return false;
  if (g == nullptr) return Fail(INVALID_PARAM_VAL, "pGrabber is NULL");
  if (!g->device || !g->device->open) return Fail(INVALID_OPERATION, "No device open");
  g->device->open = false;
  g->device.reset();
  return Ok();
}

IC4_EXPORT bool ic4_grabber_device_get_property_map(IC4_GRABBER* g, IC4_PROPERTY_MAP** pp) {
  if (!RequireInit()) return false;
  if (g == nullptr || pp == nullptr) return Fail(INVALID_PARAM_VAL, "NULL argument");
  if (!g->device || !g->device->open) return Fail(INVALID_OPERATION, "No device open");
  auto* map = new IC4_PROPERTY_MAP();
  map->device = g->device;
  *pp = map;
  return Ok();
}

IC4_EXPORT IC4_PROPERTY_MAP* ic4_propmap_ref(IC4_PROPERTY_MAP* m) { return Ref(m); }
IC4_EXPORT void ic4_propmap_unref(IC4_PROPERTY_MAP* m) { Unref(m); }

IC4_EXPORT bool ic4_propmap_find(IC4_PROPERTY_MAP* map, const char* name, IC4_PROPERTY** pp) {
  OpenDevice* dev = nullptr;
  Kind kind = Kind::kNone;
  if (!Enter(map, name, &dev, &kind)) return false;
  if (pp == nullptr) return Fail(INVALID_PARAM_VAL, "ppProperty is NULL");
  auto* p = new IC4_PROPERTY();
  p->name = name;
  *pp = p;
  return Ok();
}
IC4_EXPORT void ic4_prop_unref(IC4_PROPERTY* p) { Unref(p); }
IC4_EXPORT bool ic4_prop_is_available(IC4_PROPERTY* p) { return p != nullptr ? (Ok(), true) : false; }

IC4_EXPORT bool ic4_propmap_execute_command(IC4_PROPERTY_MAP* map, const char* name) {
  OpenDevice* dev = nullptr;
  Kind kind = Kind::kNone;
  if (!Enter(map, name, &dev, &kind)) return false;
  if (kind != Kind::kCommand) return Fail(GENICAM_TYPE_MISMATCH, std::string(name) + " is not a command");
  if (dev->cam.denied) return Fail(GENICAM_ACCESS_DENIED, std::string("Access denied: ") + name);
  return Latch(dev);
}

IC4_EXPORT bool ic4_propmap_get_value_int64(IC4_PROPERTY_MAP* map, const char* name, int64_t* value) {
  OpenDevice* dev = nullptr;
  Kind kind = Kind::kNone;
  if (!Enter(map, name, &dev, &kind)) return false;
  if (value == nullptr) return Fail(INVALID_PARAM_VAL, "pValue is NULL");
  std::lock_guard<std::mutex> lock(dev->state->mu);
  switch (kind) {
    case Kind::kInt:
      *value = std::strcmp(name, "Width") == 0 ? 1920 : static_cast<int64_t>(dev->state->latched);
      return Ok();
    case Kind::kBool:
      *value = dev->state->ptp_enabled ? 1 : 0;
      return Ok();
    default:
      return Fail(GENICAM_TYPE_MISMATCH, std::string(name) + " has no integer value");
  }
}

IC4_EXPORT bool ic4_propmap_get_value_double(IC4_PROPERTY_MAP* map, const char* name, double* value) {
  int64_t v = 0;
  if (!ic4_propmap_get_value_int64(map, name, &v)) return false;
  *value = static_cast<double>(v);
  return Ok();
}

IC4_EXPORT bool ic4_propmap_get_value_bool(IC4_PROPERTY_MAP* map, const char* name, bool* value) {
  OpenDevice* dev = nullptr;
  Kind kind = Kind::kNone;
  if (!Enter(map, name, &dev, &kind)) return false;
  if (value == nullptr) return Fail(INVALID_PARAM_VAL, "pValue is NULL");
  if (kind != Kind::kBool) return Fail(GENICAM_TYPE_MISMATCH, std::string(name) + " is not a boolean");
  std::lock_guard<std::mutex> lock(dev->state->mu);
  *value = dev->state->ptp_enabled;
  return Ok();
}

IC4_EXPORT bool ic4_propmap_get_value_string(IC4_PROPERTY_MAP* map, const char* name, char* buffer,
                                             size_t* buffer_size) {
  OpenDevice* dev = nullptr;
  Kind kind = Kind::kNone;
  if (!Enter(map, name, &dev, &kind)) return false;
  if (buffer_size == nullptr) return Fail(INVALID_PARAM_VAL, "buffer_size is NULL");
  std::string text;
  if (kind == Kind::kEnum) {
    text = PtpStatus(dev);
  } else if (kind == Kind::kBool) {
    std::lock_guard<std::mutex> lock(dev->state->mu);
    text = dev->state->ptp_enabled ? "true" : "false";
  } else if (kind == Kind::kInt) {
    int64_t v = 0;
    ic4_propmap_get_value_int64(map, name, &v);
    text = std::to_string(v);
  } else {
    return Fail(GENICAM_TYPE_MISMATCH, std::string(name) + " has no string value");
  }
  const size_t need = text.size() + 1;
  const size_t have = *buffer_size;
  *buffer_size = need;
  if (buffer == nullptr) return Ok();
  if (have < need) return Fail(BUFFER_TOO_SMALL, "Buffer too small");
  std::memcpy(buffer, text.c_str(), need);
  return Ok();
}

IC4_EXPORT bool ic4_propmap_set_value_bool(IC4_PROPERTY_MAP* map, const char* name, bool value) {
  OpenDevice* dev = nullptr;
  Kind kind = Kind::kNone;
  if (!Enter(map, name, &dev, &kind)) return false;
  if (kind == Kind::kCommand) {  // documented: a command executes when set to true
    if (dev->cam.denied) return Fail(GENICAM_ACCESS_DENIED, std::string("Access denied: ") + name);
    return value ? Latch(dev) : Ok();
  }
  if (kind == Kind::kInt) return Fail(GENICAM_TYPE_MISMATCH, std::string(name) + " is not a boolean");
  if (kind != Kind::kBool) return Fail(GENICAM_ACCESS_DENIED, std::string(name) + " is read-only");
  if (dev->cam.denied) return Fail(GENICAM_ACCESS_DENIED, std::string("Access denied: ") + name);
  std::lock_guard<std::mutex> lock(dev->state->mu);
  if (value && !dev->state->ptp_enabled) dev->state->enabled_at = std::chrono::steady_clock::now();
  dev->state->ptp_enabled = value;
  return Ok();
}

// Test hooks: not part of IC4.
IC4_EXPORT int ic4_standin_init_calls(void) { return g_init_calls.load(); }
IC4_EXPORT int ic4_standin_exit_calls(void) { return g_exit_calls.load(); }
IC4_EXPORT int ic4_standin_live_objects(void) { return g_live_objects.load(); }

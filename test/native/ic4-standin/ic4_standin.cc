// libic4core-standin.so: the IC4 C functions the ptpcam IC4 driver resolves, same names and prototypes, over
// simulated cameras. Loaded exactly like the real SDK (PTPCAM_IC4_LIBRARY or the library-path option).
// It confirms only OUR side of the contract: that the driver calls these functions the way the prototypes and
// documentation read (shared notes ic4-c-api.md; the action/stream names and layouts the driver takes from ic4-rs's
// bindgen output, listed in src/native/core/ic4/ic4_unconfirmed.h). Where the real SDK's behaviour is not
// documented, the stand-in takes the strict reading and says so here.
//
// Configuration (read at every ic4_devenum_update_device_list):
//   IC4_STANDIN_CAMERAS    "serial:model[:offset_ns[:flag|flag...]],..."   flags:
//                            noptp    no PtpEnable/PtpStatus         nolatch  no TimestampLatch/TimestampLatchValue
//                            denied   writes and commands fail with IC4_ERROR_GENICAM_ACCESS_DENIED
//                            timeout  every property call fails with IC4_ERROR_TIMEOUT
//                            ip=A.B.C.D  GevCurrentIPAddress; while a grabber has the camera open, the camera listens
//                                     for GVCP ACTION_CMD on A.B.C.D:3956 (below)
//                          default "STANDIN-1:DFK 33GR0234:0,STANDIN-2:DFK 33GX546:2500000,STANDIN-3:DFK 37AUX178:0:noptp"
//   IC4_STANDIN_SETTLE_MS  how long PtpStatus stays Listening after PtpEnable=true before Slave (default 300)
//   IC4_STANDIN_INTERFACE  interface display name (default "standin0")
//   IC4_STANDIN_COUNT_ERROR  when set, ic4_devenum_get_device_count returns 0 with IC4_ERROR_DRIVER_ERROR set
//   IC4_STANDIN_EXIT_REPORT  a file ic4_exit_library appends one line to ("exit live_objects=N"), so a test can see
//                          the call a process makes at its exit
//   IC4_STANDIN_FRAME_LOG  a file every generated frame appends one line to:
//                          "frame <serial> <device_frame_number> <device_timestamp_ns> <rx_realtime_ns> <queued 0|1>"
//   IC4_STANDIN_STATE_LOG  a file that gets "open <serial> <settings>" when a grabber opens the camera and
//                          "close <serial> <settings>" when it closes it (settings: every arming-relevant value,
//                          per selector, as key=value words), so a test can compare a camera before and after
// Lifetime: ic4_init_library succeeds once per process; a second call (also after ic4_exit_library) fails with
// IC4_ERROR_INVALID_OPERATION. Whether the real SDK allows it is unconfirmed (shared notes ic4-c-api.md), so the
// stand-in holds the driver to the strict reading.
// Each camera's clock is CLOCK_REALTIME + offset_ns; TimestampLatch copies it into TimestampLatchValue.
//
// Action method (a GigE Vision camera's side of it): SFNC trigger/action features (TriggerSelector FrameStart /
// AcquisitionStart, TriggerMode, TriggerSource Software/Line1/Action1/Action2, ActionDeviceKey write-only,
// ActionSelector 1..2 with ActionGroupKey/ActionGroupMask, AcquisitionMode, PixelFormat, Width/Height/OffsetX/
// OffsetY on a 2048 x 1536 sensor, PayloadSize, GevTimestampTickFrequency 1 GHz, AcquisitionStart/Stop). Image
// format features are locked (GENICAM_ACCESS_DENIED) while acquisition runs, as on real cameras. An ACTION_CMD whose
// keys match (device key equal, group key equal, mask AND non-zero, per ActionSelector) triggers a frame when
// acquisition runs with TriggerMode[FrameStart]=On and TriggerSource[FrameStart]=Action<n>; its device timestamp
// is the kernel receive stamp of the command (SO_TIMESTAMPNS) + offset_ns, and it goes to the queue sink of the
// grabber's data stream with device_frame_number counting from 1 per stream. ACTION_ACK is sent when asked for;
// a scheduled action is refused with 0x8001, as the lab's virtual cameras do.
// Queue sink: ic4_queuesink_create accepts no callbacks (the driver passes none; a non-null callback fails with
// INVALID_PARAM_VAL so a driver that starts relying on one is noticed) and then allocates 4 buffers itself at
// ic4_grabber_stream_setup; a frame finding no free buffer is dropped; ic4_queuesink_pop_output_buffer fails with
// IC4_ERROR_NO_DATA when the output queue is empty and INVALID_OPERATION when no stream is connected;
// ic4_imagebuffer_unref returns a buffer to the free queue. ic4_grabber_stream_stop disconnects the sink and leaves
// acquisition as it is (whether the real SDK also stops acquisition there is not documented).
// Test hooks (not IC4): ic4_standin_init_calls, ic4_standin_exit_calls, ic4_standin_live_objects.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#define IC4_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

enum Ic4Error {
  NOERROR = 0,
  INVALID_OPERATION = 3,
  LIBRARY_NOT_INITIALIZED = 5,
  DRIVER_ERROR = 6,
  INVALID_PARAM_VAL = 7,
  NO_DATA = 9,
  DEVICE_INVALID = 13,
  DEVICE_NOT_FOUND = 16,
  DEVICE_ERROR = 17,
  TIMEOUT = 27,
  SINK_ALREADY_ATTACHED = 40,
  BUFFER_TOO_SMALL = 50,
  GENICAM_FEATURE_NOT_FOUND = 101,
  GENICAM_TYPE_MISMATCH = 103,
  GENICAM_ACCESS_DENIED = 106,
  GENICAM_VALUE_ERROR = 108,
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
  std::string ip;  // empty: no GevCurrentIPAddress, no ACTION_CMD listener
};

void AppendLine(const char* env, const std::string& line) {
  static std::mutex mu;
  const char* path = std::getenv(env);
  if (path == nullptr || *path == '\0') return;
  std::lock_guard<std::mutex> lock(mu);
  if (FILE* f = std::fopen(path, "a")) {
    std::fputs((line + "\n").c_str(), f);
    std::fclose(f);
  }
}

uint64_t RealtimeNs() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

uint64_t CameraClock(int64_t offset_ns) {
  return RealtimeNs() + static_cast<uint64_t>(offset_ns);  // modular: a negative offset subtracts
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

struct IC4_IMAGE_BUFFER;

namespace {

// A queue sink's buffers, shared by the sink, its buffers and the camera that fills it. Buffers in `free` and
// `output` are owned by the queue; a popped buffer is the caller's until ic4_imagebuffer_unref hands it back.
struct SinkQueue {
  std::mutex mu;
  bool connected = false;
  std::deque<IC4_IMAGE_BUFFER*> free;
  std::deque<IC4_IMAGE_BUFFER*> output;
  uint64_t next_frame = 1;
  uint64_t dropped = 0;
};

constexpr int64_t kSensorWidth = 2048;
constexpr int64_t kSensorHeight = 1536;
constexpr size_t kSinkBuffers = 4;

// Everything arming may change, as a camera holds it. Initial values are what "another application" left:
// none of them is what arming wants, so a run must change every one and put every one back.
struct Settings {
  std::string trigger_selector = "AcquisitionStart";
  std::map<std::string, std::string> trigger_mode = {{"FrameStart", "Off"}, {"AcquisitionStart", "On"}};
  std::map<std::string, std::string> trigger_source = {{"FrameStart", "Line1"}, {"AcquisitionStart", "Software"}};
  int64_t action_selector = 2;
  int64_t group_key[3] = {0, 7, 0};
  int64_t group_mask[3] = {0, 0, 0x10};
  int64_t device_key = 0;
  std::string acquisition_mode = "SingleFrame";
  std::string pixel_format = "BayerRG8";
  int64_t width = 1920, height = 1080, offset_x = 64, offset_y = 32;
  bool acquiring = false;
};

std::string Describe(const Settings& s) {
  std::string out = "TriggerSelector=" + s.trigger_selector;
  for (const auto& [sel, v] : s.trigger_mode) out += " TriggerMode[" + sel + "]=" + v;
  for (const auto& [sel, v] : s.trigger_source) out += " TriggerSource[" + sel + "]=" + v;
  out += " ActionSelector=" + std::to_string(s.action_selector);
  for (int n = 1; n <= 2; ++n) {
    out += " ActionGroupKey[" + std::to_string(n) + "]=" + std::to_string(s.group_key[n]);
    out += " ActionGroupMask[" + std::to_string(n) + "]=" + std::to_string(s.group_mask[n]);
  }
  out += " ActionDeviceKey=" + std::to_string(s.device_key);
  out += " AcquisitionMode=" + s.acquisition_mode + " PixelFormat=" + s.pixel_format;
  out += " Width=" + std::to_string(s.width) + " Height=" + std::to_string(s.height);
  out += " OffsetX=" + std::to_string(s.offset_x) + " OffsetY=" + std::to_string(s.offset_y);
  out += std::string(" Acquiring=") + (s.acquiring ? "1" : "0");
  return out;
}

// Per-serial state shared by every grabber that opens the camera, as a real camera's registers would be.
struct CameraState {
  std::mutex mu;
  CameraConfig cam;  // as configured at the last open
  bool ptp_enabled = false;
  std::chrono::steady_clock::time_point enabled_at;
  uint64_t latched = 0;
  Settings settings;
  std::shared_ptr<SinkQueue> stream;  // the data stream's sink while a grabber streams
  // The camera's GVCP side: one listener while any grabber has it open.
  int opens = 0;
  int fd = -1;
  std::atomic<bool> stop{false};
  std::thread listener;
};

std::mutex g_mu;
// Leaked on purpose: a camera a process never closed still has its listener thread at exit, and destroying a
// joinable std::thread there would abort the process.
std::map<std::string, std::shared_ptr<CameraState>>& States() {
  static auto* states = new std::map<std::string, std::shared_ptr<CameraState>>();
  return *states;
}

std::shared_ptr<CameraState> StateFor(const std::string& serial) {
  std::lock_guard<std::mutex> lock(g_mu);
  auto& s = States()[serial];
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
      size_t a = 0;
      const std::string& flags = f[3];
      while (a <= flags.size()) {
        size_t b = flags.find('|', a);
        if (b == std::string::npos) b = flags.size();
        const std::string flag = flags.substr(a, b - a);
        a = b + 1;
        if (flag == "noptp") c.ptp = false;
        if (flag == "nolatch") c.latch = false;
        if (flag == "denied") c.denied = true;
        if (flag == "timeout") c.timeout = true;
        if (flag.rfind("ip=", 0) == 0) c.ip = flag.substr(3);
      }
    }
    out.push_back(c);
  }
  return out;
}

int64_t SettleMs() {
  const char* env = std::getenv("IC4_STANDIN_SETTLE_MS");
  return env != nullptr ? std::strtoll(env, nullptr, 10) : 300;
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
struct IC4_SINK : Object {
  std::shared_ptr<SinkQueue> queue = std::make_shared<SinkQueue>();
  bool attached = false;  // in a grabber's data stream
};
struct IC4_GRABBER : Object {
  std::shared_ptr<OpenDevice> device;
  IC4_SINK* sink = nullptr;  // the data stream's sink (a reference held until ic4_grabber_stream_stop)
};
struct IC4_PROPERTY_MAP : Object {
  std::shared_ptr<OpenDevice> device;
};
struct IC4_PROPERTY : Object {
  std::string name;
  std::shared_ptr<OpenDevice> device;  // null for an enumeration entry
};
struct IC4_PROPERTY_LIST : Object {
  std::vector<IC4_PROPERTY*> items;
  ~IC4_PROPERTY_LIST() override {
    for (IC4_PROPERTY* p : items) Unref(p);
  }
};
struct IC4_IMAGE_BUFFER : Object {
  std::shared_ptr<SinkQueue> queue;
  uint64_t frame_number = 0;
  uint64_t timestamp_ns = 0;
};
struct IC4_FRAME_METADATA {
  uint64_t device_frame_number;
  uint64_t device_timestamp_ns;
};
struct IC4_QUEUESINK_CONFIG {
  void* callbacks[4];
  void* callback_context;
  const void* pixel_formats;
  size_t num_pixel_formats;
  void* allocator[3];
  void* allocator_context;
  size_t max_output_buffers;
};
struct IC4_DISPLAY;

namespace {

enum class Kind { kNone, kBool, kEnum, kCommand, kInt };
enum class Access { kRO, kWO, kRW };

struct Feature {
  Kind kind = Kind::kNone;
  Access access = Access::kRW;
};

// The features a configured camera has.
Feature FeatureOf(const CameraConfig& c, const std::string& name) {
  const Feature none;
  if (name == "PtpEnable") return c.ptp ? Feature{Kind::kBool, Access::kRW} : none;
  if (name == "PtpStatus") return c.ptp ? Feature{Kind::kEnum, Access::kRO} : none;
  if (name == "TimestampLatch") return c.latch ? Feature{Kind::kCommand, Access::kWO} : none;
  if (name == "TimestampLatchValue") return c.latch ? Feature{Kind::kInt, Access::kRO} : none;
  if (name == "GevCurrentIPAddress") return c.ip.empty() ? none : Feature{Kind::kInt, Access::kRO};
  if (name == "TriggerSelector" || name == "TriggerMode" || name == "TriggerSource" || name == "AcquisitionMode" ||
      name == "PixelFormat")
    return {Kind::kEnum, Access::kRW};
  if (name == "Width" || name == "Height" || name == "OffsetX" || name == "OffsetY" || name == "ActionSelector" ||
      name == "ActionGroupKey" || name == "ActionGroupMask")
    return {Kind::kInt, Access::kRW};
  if (name == "ActionDeviceKey") return {Kind::kInt, Access::kWO};  // SFNC: write-only
  if (name == "PayloadSize" || name == "GevTimestampTickFrequency") return {Kind::kInt, Access::kRO};
  if (name == "AcquisitionStart" || name == "AcquisitionStop") return {Kind::kCommand, Access::kWO};
  return none;
}

std::vector<std::string> EntriesOf(const std::string& name) {
  if (name == "PtpStatus") return {"Disabled", "Listening", "Slave"};
  if (name == "TriggerSelector") return {"FrameStart", "AcquisitionStart"};
  if (name == "TriggerMode") return {"Off", "On"};
  if (name == "TriggerSource") return {"Software", "Line1", "Action1", "Action2"};
  if (name == "AcquisitionMode") return {"Continuous", "SingleFrame", "MultiFrame"};
  if (name == "PixelFormat") return {"Mono8", "Mono16", "BayerRG8"};
  return {};
}

// Image format features cannot change while acquisition runs.
bool LockedWhileAcquiring(const std::string& name) {
  return name == "Width" || name == "Height" || name == "OffsetX" || name == "OffsetY" || name == "PixelFormat" ||
         name == "AcquisitionMode";
}

struct Range {
  int64_t min, max, inc;
};

// Caller holds state->mu.
Range RangeOf(const Settings& s, const std::string& name) {
  if (name == "Width") return {16, kSensorWidth - s.offset_x, 16};
  if (name == "Height") return {8, kSensorHeight - s.offset_y, 8};
  if (name == "OffsetX") return {0, kSensorWidth - s.width, 16};
  if (name == "OffsetY") return {0, kSensorHeight - s.height, 8};
  if (name == "ActionSelector") return {1, 2, 1};
  if (name == "ActionGroupKey" || name == "ActionGroupMask" || name == "ActionDeviceKey") return {0, 0xFFFFFFFFLL, 1};
  if (name == "GevTimestampTickFrequency") return {1000000000LL, 1000000000LL, 1};
  if (name == "GevCurrentIPAddress") return {0, 0xFFFFFFFFLL, 1};
  return {INT64_MIN, INT64_MAX, 1};
}

int64_t PayloadSize(const Settings& s) { return s.width * s.height * (s.pixel_format == "Mono16" ? 2 : 1); }

// Common entry checks for property calls; on success *dev is the open camera and *f the feature.
bool Enter(const std::shared_ptr<OpenDevice>& device, const char* name, OpenDevice** dev, Feature* f) {
  if (!RequireInit()) return false;
  if (!device || name == nullptr) return Fail(INVALID_PARAM_VAL, "map and prop_name are required");
  if (!device->open) return Fail(DEVICE_INVALID, "The device was closed");
  *dev = device.get();
  if ((*dev)->cam.timeout) return Fail(TIMEOUT, std::string("Timeout accessing ") + name);
  *f = FeatureOf((*dev)->cam, name);
  if (f->kind == Kind::kNone) return Fail(GENICAM_FEATURE_NOT_FOUND, std::string("Feature not found: ") + name);
  return true;
}
bool Enter(IC4_PROPERTY_MAP* map, const char* name, OpenDevice** dev, Feature* f) {
  if (map == nullptr) return Fail(INVALID_PARAM_VAL, "map is NULL");
  return Enter(map->device, name, dev, f);
}

const char* PtpStatus(OpenDevice* dev) {
  std::lock_guard<std::mutex> lock(dev->state->mu);
  if (!dev->state->ptp_enabled) return "Disabled";
  const auto since = std::chrono::steady_clock::now() - dev->state->enabled_at;
  return since >= std::chrono::milliseconds(SettleMs()) ? "Slave" : "Listening";
}

// --- reading and writing values (caller holds dev->state->mu) ----------------------------------------------

bool ReadInt(OpenDevice* dev, const std::string& name, int64_t* out) {
  CameraState& st = *dev->state;
  Settings& s = st.settings;
  if (name == "TimestampLatchValue") *out = static_cast<int64_t>(st.latched);
  else if (name == "Width") *out = s.width;
  else if (name == "Height") *out = s.height;
  else if (name == "OffsetX") *out = s.offset_x;
  else if (name == "OffsetY") *out = s.offset_y;
  else if (name == "PayloadSize") *out = PayloadSize(s);
  else if (name == "ActionSelector") *out = s.action_selector;
  else if (name == "ActionGroupKey") *out = s.group_key[s.action_selector];
  else if (name == "ActionGroupMask") *out = s.group_mask[s.action_selector];
  else if (name == "GevTimestampTickFrequency") *out = 1000000000LL;
  else if (name == "GevCurrentIPAddress") {
    in_addr a{};
    if (inet_pton(AF_INET, dev->cam.ip.c_str(), &a) != 1) return Fail(DEVICE_ERROR, "bad ip= flag " + dev->cam.ip);
    *out = static_cast<int64_t>(ntohl(a.s_addr));
  } else if (name == "ActionDeviceKey") return Fail(GENICAM_ACCESS_DENIED, "ActionDeviceKey is write-only");
  else return Fail(GENICAM_TYPE_MISMATCH, name + " has no integer value");
  return Ok();
}

bool WriteInt(OpenDevice* dev, const std::string& name, int64_t v) {
  Settings& s = dev->state->settings;
  const Range r = RangeOf(s, name);
  if (v < r.min || v > r.max || (v - r.min) % r.inc != 0) {
    return Fail(GENICAM_VALUE_ERROR, name + " = " + std::to_string(v) + " is not in [" + std::to_string(r.min) + ", " +
                                         std::to_string(r.max) + "] step " + std::to_string(r.inc));
  }
  if (name == "Width") s.width = v;
  else if (name == "Height") s.height = v;
  else if (name == "OffsetX") s.offset_x = v;
  else if (name == "OffsetY") s.offset_y = v;
  else if (name == "ActionSelector") s.action_selector = v;
  else if (name == "ActionGroupKey") s.group_key[s.action_selector] = v;
  else if (name == "ActionGroupMask") s.group_mask[s.action_selector] = v;
  else if (name == "ActionDeviceKey") s.device_key = v;
  else return Fail(GENICAM_TYPE_MISMATCH, name + " is not a writable integer");
  return Ok();
}

bool ReadEnum(OpenDevice* dev, const std::string& name, std::string* out) {
  Settings& s = dev->state->settings;
  if (name == "TriggerSelector") *out = s.trigger_selector;
  else if (name == "TriggerMode") *out = s.trigger_mode[s.trigger_selector];
  else if (name == "TriggerSource") *out = s.trigger_source[s.trigger_selector];
  else if (name == "AcquisitionMode") *out = s.acquisition_mode;
  else if (name == "PixelFormat") *out = s.pixel_format;
  else return Fail(GENICAM_TYPE_MISMATCH, name + " is not an enumeration");
  return Ok();
}

bool WriteEnum(OpenDevice* dev, const std::string& name, const std::string& value) {
  const std::vector<std::string> entries = EntriesOf(name);
  if (std::find(entries.begin(), entries.end(), value) == entries.end()) {
    return Fail(GENICAM_VALUE_ERROR, name + " has no entry " + value);
  }
  Settings& s = dev->state->settings;
  if (name == "TriggerSelector") s.trigger_selector = value;
  else if (name == "TriggerMode") s.trigger_mode[s.trigger_selector] = value;
  else if (name == "TriggerSource") s.trigger_source[s.trigger_selector] = value;
  else if (name == "AcquisitionMode") s.acquisition_mode = value;
  else if (name == "PixelFormat") s.pixel_format = value;
  else return Fail(GENICAM_ACCESS_DENIED, name + " is read-only");
  return Ok();
}

// Checks shared by every write: access mode, the "denied" flag, the acquisition lock. Caller holds the mutex.
bool MayWrite(OpenDevice* dev, const std::string& name, const Feature& f) {
  if (f.access == Access::kRO) return Fail(GENICAM_ACCESS_DENIED, name + " is read-only");
  if (dev->cam.denied) return Fail(GENICAM_ACCESS_DENIED, "Access denied: " + name);
  if (dev->state->settings.acquiring && LockedWhileAcquiring(name)) {
    return Fail(GENICAM_ACCESS_DENIED, name + " is locked while acquisition runs");
  }
  return true;
}

// Caller holds the mutex.
bool ExecuteLocked(OpenDevice* dev, const std::string& name) {
  CameraState& st = *dev->state;
  if (dev->cam.denied) return Fail(GENICAM_ACCESS_DENIED, "Access denied: " + name);
  if (name == "TimestampLatch") st.latched = CameraClock(dev->cam.offset_ns);
  else if (name == "AcquisitionStart") st.settings.acquiring = true;
  else if (name == "AcquisitionStop") st.settings.acquiring = false;
  else return Fail(GENICAM_TYPE_MISMATCH, name + " is not a command");
  return Ok();
}

// --- the camera's GVCP side: ACTION_CMD in, frames to the stream's sink -------------------------------------

constexpr uint16_t kGvcpPort = 3956;

uint32_t Get32(const uint8_t* p) {
  return (static_cast<uint32_t>(p[0]) << 24) | (static_cast<uint32_t>(p[1]) << 16) | (static_cast<uint32_t>(p[2]) << 8) | p[3];
}

// One frame triggered at camera time `ts` (kernel receive instant `rx_ns`). Caller holds the mutex.
void TriggerFrame(CameraState& st, uint64_t ts, uint64_t rx_ns) {
  Settings& s = st.settings;
  if (!st.stream) return;
  SinkQueue& q = *st.stream;
  uint64_t number = 0;
  bool queued = false;
  {
    std::lock_guard<std::mutex> lock(q.mu);
    if (!q.connected) return;
    number = q.next_frame++;
    if (!q.free.empty()) {
      IC4_IMAGE_BUFFER* b = q.free.front();
      q.free.pop_front();
      b->frame_number = number;
      b->timestamp_ns = ts;
      q.output.push_back(b);
      queued = true;
    } else {
      ++q.dropped;
    }
  }
  AppendLine("IC4_STANDIN_FRAME_LOG", "frame " + st.cam.serial + " " + std::to_string(number) + " " + std::to_string(ts) +
                                          " " + std::to_string(rx_ns) + " " + (queued ? "1" : "0"));
  if (s.acquisition_mode == "SingleFrame") s.acquiring = false;
}

void HandleAction(CameraState& st, const uint8_t* p, size_t n, uint64_t rx_ns, const sockaddr_in& from) {
  if (n < 20 || p[0] != 0x42 || ((p[2] << 8) | p[3]) != 0x0100) return;
  const uint8_t flags = p[1];
  const uint16_t id = static_cast<uint16_t>((p[6] << 8) | p[7]);
  const uint32_t device_key = Get32(p + 8), group_key = Get32(p + 12), group_mask = Get32(p + 16);
  uint16_t status = 0;
  bool hit = false;
  {
    std::lock_guard<std::mutex> lock(st.mu);
    Settings& s = st.settings;
    std::vector<int> signals;
    if (static_cast<int64_t>(device_key) == s.device_key) {
      for (int a = 1; a <= 2; ++a) {
        if (s.group_key[a] == static_cast<int64_t>(group_key) && (static_cast<uint32_t>(s.group_mask[a]) & group_mask) != 0) {
          signals.push_back(a);
        }
      }
    }
    hit = !signals.empty();
    if (hit && (flags & 0x80) != 0) {
      status = 0x8001;  // scheduled actions: not implemented
    } else {
      for (int a : signals) {
        const bool armed = s.acquiring && s.trigger_mode["FrameStart"] == "On" &&
                           s.trigger_source["FrameStart"] == "Action" + std::to_string(a);
        if (armed) TriggerFrame(st, rx_ns + static_cast<uint64_t>(st.cam.offset_ns), rx_ns);
      }
    }
  }
  // A camera the keys do not address stays silent, ack or not.
  if (!hit || (flags & 0x01) == 0) return;
  uint8_t ack[8] = {static_cast<uint8_t>(status >> 8), static_cast<uint8_t>(status), 0x01, 0x01, 0, 0,
                    static_cast<uint8_t>(id >> 8), static_cast<uint8_t>(id)};
  sendto(st.fd, ack, sizeof ack, 0, reinterpret_cast<const sockaddr*>(&from), sizeof from);
}

void ListenerMain(CameraState* st) {
  uint8_t buf[1500];
  char control[256];
  while (!st->stop.load()) {
    pollfd pfd{st->fd, POLLIN, 0};
    if (poll(&pfd, 1, 20) <= 0) continue;
    sockaddr_in from{};
    iovec iov{buf, sizeof buf};
    msghdr msg{};
    msg.msg_name = &from;
    msg.msg_namelen = sizeof from;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    const ssize_t n = recvmsg(st->fd, &msg, MSG_DONTWAIT);
    if (n <= 0) continue;
    uint64_t rx_ns = 0;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
        timespec ts{};
        std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
        rx_ns = static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
      }
    }
    if (rx_ns == 0) rx_ns = RealtimeNs();
    HandleAction(*st, buf, static_cast<size_t>(n), rx_ns, from);
  }
}

// A grabber opened the camera: the first one starts its GVCP listener (if it has an address).
bool StartListening(const std::shared_ptr<CameraState>& st) {
  std::lock_guard<std::mutex> lock(st->mu);
  if (st->opens++ > 0 || st->cam.ip.empty()) return Ok();
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(kGvcpPort);
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  const int on = 1;
  if (fd < 0 || inet_pton(AF_INET, st->cam.ip.c_str(), &addr.sin_addr) != 1 ||
      setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) != 0 ||
      bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    const std::string why = std::strerror(errno);
    if (fd >= 0) close(fd);
    --st->opens;
    return Fail(DEVICE_ERROR, "stand-in camera " + st->cam.serial + " cannot listen for GVCP on " + st->cam.ip + ":3956 (" + why + ")");
  }
  st->fd = fd;
  st->stop = false;
  st->listener = std::thread(ListenerMain, st.get());
  return Ok();
}

void StopListening(const std::shared_ptr<CameraState>& st) {
  std::thread t;
  {
    std::lock_guard<std::mutex> lock(st->mu);
    if (st->opens == 0 || --st->opens > 0) return;
    st->stop = true;
    t = std::move(st->listener);
  }
  if (t.joinable()) t.join();
  std::lock_guard<std::mutex> lock(st->mu);
  if (st->fd >= 0) close(st->fd);
  st->fd = -1;
}

// --- data stream ----------------------------------------------------------------------------------------------

// Caller holds nothing. Frees the queue's own buffers; buffers the program still holds are freed at their unref.
void Disconnect(SinkQueue& q) {
  std::deque<IC4_IMAGE_BUFFER*> drop;
  {
    std::lock_guard<std::mutex> lock(q.mu);
    q.connected = false;
    drop.swap(q.free);
    for (IC4_IMAGE_BUFFER* b : q.output) drop.push_back(b);
    q.output.clear();
  }
  for (IC4_IMAGE_BUFFER* b : drop) delete b;
}

void StopStream(IC4_GRABBER* g) {
  if (g->sink == nullptr) return;
  if (g->device) {
    std::lock_guard<std::mutex> lock(g->device->state->mu);
    if (g->device->state->stream == g->sink->queue) g->device->state->stream.reset();
  }
  Disconnect(*g->sink->queue);
  g->sink->attached = false;
  Unref(g->sink);
  g->sink = nullptr;
}

void CloseDevice(IC4_GRABBER* g) {
  StopStream(g);
  if (!g->device) return;
  g->device->open = false;
  {
    std::lock_guard<std::mutex> lock(g->device->state->mu);
    AppendLine("IC4_STANDIN_STATE_LOG", "close " + g->device->cam.serial + " " + Describe(g->device->state->settings));
  }
  StopListening(g->device->state);
  g->device.reset();
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
  // Documented: destroying the grabber stops the data stream and closes the device.
  if (g != nullptr && g->refs.load() == 1) CloseDevice(g);
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
  {
    std::lock_guard<std::mutex> lock(dev->state->mu);
    if (dev->state->opens == 0) dev->state->cam = info->cam;
  }
  if (!StartListening(dev->state)) return false;
  {
    std::lock_guard<std::mutex> lock(dev->state->mu);
    AppendLine("IC4_STANDIN_STATE_LOG", "open " + dev->cam.serial + " " + Describe(dev->state->settings));
  }
  g->device = dev;
  return Ok();
}

IC4_EXPORT bool ic4_grabber_device_close(IC4_GRABBER* g) {
  if (!RequireInit()) return false;
  if (g == nullptr) return Fail(INVALID_PARAM_VAL, "pGrabber is NULL");
  if (!g->device || !g->device->open) return Fail(INVALID_OPERATION, "No device open");
  CloseDevice(g);
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
  Feature f;
  if (!Enter(map, name, &dev, &f)) return false;
  if (pp == nullptr) return Fail(INVALID_PARAM_VAL, "ppProperty is NULL");
  auto* p = new IC4_PROPERTY();
  p->name = name;
  p->device = map->device;
  *pp = p;
  return Ok();
}
IC4_EXPORT void ic4_prop_unref(IC4_PROPERTY* p) { Unref(p); }
IC4_EXPORT bool ic4_prop_is_available(IC4_PROPERTY* p) { return p != nullptr ? (Ok(), true) : false; }

IC4_EXPORT const char* ic4_prop_get_name(IC4_PROPERTY* p) {
  return p != nullptr ? (Ok(), p->name.c_str()) : (Fail(INVALID_PARAM_VAL, "prop is NULL"), nullptr);
}

IC4_EXPORT bool ic4_prop_is_readonly(IC4_PROPERTY* p) {
  if (p == nullptr) return Fail(INVALID_PARAM_VAL, "prop is NULL");
  if (!p->device) return Ok();  // an enumeration entry
  OpenDevice* dev = nullptr;
  Feature f;
  if (!Enter(p->device, p->name.c_str(), &dev, &f)) return false;
  Ok();
  return f.access == Access::kRO;
}

IC4_EXPORT bool ic4_prop_enum_get_entries(IC4_PROPERTY* p, IC4_PROPERTY_LIST** pp) {
  if (p == nullptr || pp == nullptr) return Fail(INVALID_PARAM_VAL, "NULL argument");
  OpenDevice* dev = nullptr;
  Feature f;
  if (!Enter(p->device, p->name.c_str(), &dev, &f)) return false;
  if (f.kind != Kind::kEnum) return Fail(GENICAM_TYPE_MISMATCH, p->name + " is not an enumeration");
  auto* list = new IC4_PROPERTY_LIST();
  for (const std::string& e : EntriesOf(p->name)) {
    auto* entry = new IC4_PROPERTY();
    entry->name = e;
    list->items.push_back(entry);
  }
  *pp = list;
  return Ok();
}

IC4_EXPORT void ic4_proplist_unref(IC4_PROPERTY_LIST* l) { Unref(l); }
IC4_EXPORT bool ic4_proplist_size(IC4_PROPERTY_LIST* l, size_t* size) {
  if (l == nullptr || size == nullptr) return Fail(INVALID_PARAM_VAL, "NULL argument");
  *size = l->items.size();
  return Ok();
}
IC4_EXPORT bool ic4_proplist_at(IC4_PROPERTY_LIST* l, size_t index, IC4_PROPERTY** pp) {
  if (l == nullptr || pp == nullptr) return Fail(INVALID_PARAM_VAL, "NULL argument");
  if (index >= l->items.size()) return Fail(INVALID_PARAM_VAL, "index out of range");
  *pp = Ref(l->items[index]);
  return Ok();
}

namespace {
bool IntegerRange(IC4_PROPERTY* p, Range* r) {
  if (p == nullptr) return Fail(INVALID_PARAM_VAL, "prop is NULL");
  OpenDevice* dev = nullptr;
  Feature f;
  if (!Enter(p->device, p->name.c_str(), &dev, &f)) return false;
  if (f.kind != Kind::kInt) return Fail(GENICAM_TYPE_MISMATCH, p->name + " is not an integer");
  std::lock_guard<std::mutex> lock(dev->state->mu);
  *r = RangeOf(dev->state->settings, p->name);
  return Ok();
}
}  // namespace

IC4_EXPORT bool ic4_prop_integer_get_min(IC4_PROPERTY* p, int64_t* v) {
  Range r{};
  if (v == nullptr) return Fail(INVALID_PARAM_VAL, "pMinimum is NULL");
  if (!IntegerRange(p, &r)) return false;
  *v = r.min;
  return true;
}
IC4_EXPORT bool ic4_prop_integer_get_max(IC4_PROPERTY* p, int64_t* v) {
  Range r{};
  if (v == nullptr) return Fail(INVALID_PARAM_VAL, "pMaximum is NULL");
  if (!IntegerRange(p, &r)) return false;
  *v = r.max;
  return true;
}
IC4_EXPORT bool ic4_prop_integer_get_inc(IC4_PROPERTY* p, int64_t* v) {
  Range r{};
  if (v == nullptr) return Fail(INVALID_PARAM_VAL, "pIncrement is NULL");
  if (!IntegerRange(p, &r)) return false;
  *v = r.inc;
  return true;
}

IC4_EXPORT bool ic4_propmap_execute_command(IC4_PROPERTY_MAP* map, const char* name) {
  OpenDevice* dev = nullptr;
  Feature f;
  if (!Enter(map, name, &dev, &f)) return false;
  if (f.kind != Kind::kCommand) return Fail(GENICAM_TYPE_MISMATCH, std::string(name) + " is not a command");
  std::lock_guard<std::mutex> lock(dev->state->mu);
  return ExecuteLocked(dev, name);
}

IC4_EXPORT bool ic4_propmap_get_value_int64(IC4_PROPERTY_MAP* map, const char* name, int64_t* value) {
  OpenDevice* dev = nullptr;
  Feature f;
  if (!Enter(map, name, &dev, &f)) return false;
  if (value == nullptr) return Fail(INVALID_PARAM_VAL, "pValue is NULL");
  std::lock_guard<std::mutex> lock(dev->state->mu);
  switch (f.kind) {
    case Kind::kInt:
      return ReadInt(dev, name, value);
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
  Feature f;
  if (!Enter(map, name, &dev, &f)) return false;
  if (value == nullptr) return Fail(INVALID_PARAM_VAL, "pValue is NULL");
  if (f.kind != Kind::kBool) return Fail(GENICAM_TYPE_MISMATCH, std::string(name) + " is not a boolean");
  std::lock_guard<std::mutex> lock(dev->state->mu);
  *value = dev->state->ptp_enabled;
  return Ok();
}

IC4_EXPORT bool ic4_propmap_get_value_string(IC4_PROPERTY_MAP* map, const char* name, char* buffer,
                                             size_t* buffer_size) {
  OpenDevice* dev = nullptr;
  Feature f;
  if (!Enter(map, name, &dev, &f)) return false;
  if (buffer_size == nullptr) return Fail(INVALID_PARAM_VAL, "buffer_size is NULL");
  std::string text;
  if (f.kind == Kind::kEnum && std::strcmp(name, "PtpStatus") == 0) {
    text = PtpStatus(dev);
  } else if (f.kind == Kind::kEnum) {
    std::lock_guard<std::mutex> lock(dev->state->mu);
    if (!ReadEnum(dev, name, &text)) return false;
  } else if (f.kind == Kind::kBool) {
    std::lock_guard<std::mutex> lock(dev->state->mu);
    text = dev->state->ptp_enabled ? "true" : "false";
  } else if (f.kind == Kind::kInt) {
    int64_t v = 0;
    std::lock_guard<std::mutex> lock(dev->state->mu);
    if (!ReadInt(dev, name, &v)) return false;
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
  Feature f;
  if (!Enter(map, name, &dev, &f)) return false;
  std::lock_guard<std::mutex> lock(dev->state->mu);
  if (f.kind == Kind::kCommand) return value ? ExecuteLocked(dev, name) : Ok();  // documented: true executes
  if (f.kind == Kind::kInt) return Fail(GENICAM_TYPE_MISMATCH, std::string(name) + " is not a boolean");
  if (f.kind != Kind::kBool) return f.access == Access::kRO ? Fail(GENICAM_ACCESS_DENIED, std::string(name) + " is read-only")
                                                            : Fail(GENICAM_TYPE_MISMATCH, std::string(name) + " is not a boolean");
  if (dev->cam.denied) return Fail(GENICAM_ACCESS_DENIED, std::string("Access denied: ") + name);
  if (value && !dev->state->ptp_enabled) dev->state->enabled_at = std::chrono::steady_clock::now();
  dev->state->ptp_enabled = value;
  return Ok();
}

IC4_EXPORT bool ic4_propmap_set_value_int64(IC4_PROPERTY_MAP* map, const char* name, int64_t value) {
  OpenDevice* dev = nullptr;
  Feature f;
  if (!Enter(map, name, &dev, &f)) return false;
  if (f.kind != Kind::kInt) return Fail(GENICAM_TYPE_MISMATCH, std::string(name) + " is not an integer");
  std::lock_guard<std::mutex> lock(dev->state->mu);
  if (!MayWrite(dev, name, f)) return false;
  return WriteInt(dev, name, value);
}

// Enumerations select the entry by name; integers parse the text; commands execute on "1", "true" or "execute".
IC4_EXPORT bool ic4_propmap_set_value_string(IC4_PROPERTY_MAP* map, const char* name, const char* value) {
  OpenDevice* dev = nullptr;
  Feature f;
  if (!Enter(map, name, &dev, &f)) return false;
  if (value == nullptr) return Fail(INVALID_PARAM_VAL, "value is NULL");
  std::lock_guard<std::mutex> lock(dev->state->mu);
  const std::string v = value;
  if (f.kind == Kind::kCommand) {
    if (v == "1" || v == "true" || v == "execute") return ExecuteLocked(dev, name);
    return Fail(GENICAM_VALUE_ERROR, std::string(name) + ": '" + v + "' does not execute a command");
  }
  if (!MayWrite(dev, name, f)) return false;
  if (f.kind == Kind::kEnum) return WriteEnum(dev, name, v);
  if (f.kind == Kind::kInt) {
    char* end = nullptr;
    const long long n = std::strtoll(v.c_str(), &end, 0);
    if (v.empty() || end == nullptr || *end != '\0') return Fail(GENICAM_VALUE_ERROR, std::string(name) + ": '" + v + "' is not an integer");
    return WriteInt(dev, name, n);
  }
  return Fail(GENICAM_TYPE_MISMATCH, std::string(name) + " takes no string");
}

// --- queue sink and data stream -------------------------------------------------------------------------------

IC4_EXPORT bool ic4_queuesink_create(IC4_SINK** pp, const IC4_QUEUESINK_CONFIG* config) {
  if (!RequireInit()) return false;
  if (pp == nullptr || config == nullptr) return Fail(INVALID_PARAM_VAL, "ppSink and config are required");
  for (void* cb : config->callbacks) {
    if (cb != nullptr) return Fail(INVALID_PARAM_VAL, "stand-in: queue sink callbacks are not implemented");
  }
  for (void* cb : config->allocator) {
    if (cb != nullptr) return Fail(INVALID_PARAM_VAL, "stand-in: custom allocators are not implemented");
  }
  if (config->num_pixel_formats != 0 && config->pixel_formats == nullptr) {
    return Fail(INVALID_PARAM_VAL, "pixel_formats is NULL with num_pixel_formats > 0");
  }
  *pp = new IC4_SINK();
  return Ok();
}

IC4_EXPORT IC4_SINK* ic4_sink_ref(IC4_SINK* s) { return Ref(s); }
IC4_EXPORT void ic4_sink_unref(IC4_SINK* s) { Unref(s); }

IC4_EXPORT bool ic4_queuesink_pop_output_buffer(IC4_SINK* s, IC4_IMAGE_BUFFER** pp) {
  if (!RequireInit()) return false;
  if (s == nullptr || pp == nullptr) return Fail(INVALID_PARAM_VAL, "NULL argument");
  std::lock_guard<std::mutex> lock(s->queue->mu);
  if (!s->queue->connected) return Fail(INVALID_OPERATION, "The sink is not connected to a data stream");
  if (s->queue->output.empty()) return Fail(NO_DATA, "No buffer in the output queue");
  *pp = s->queue->output.front();
  s->queue->output.pop_front();
  return Ok();
}

IC4_EXPORT IC4_IMAGE_BUFFER* ic4_imagebuffer_ref(IC4_IMAGE_BUFFER* b) { return Ref(b); }
IC4_EXPORT void ic4_imagebuffer_unref(IC4_IMAGE_BUFFER* b) {
  if (b == nullptr || --b->refs > 0) return;
  // Documented: the last unref puts the buffer into the sink's free queue for reuse.
  std::shared_ptr<SinkQueue> q = b->queue;
  {
    std::lock_guard<std::mutex> lock(q->mu);
    if (q->connected) {
      b->refs = 1;
      q->free.push_back(b);
      return;
    }
  }
  delete b;
}

IC4_EXPORT bool ic4_imagebuffer_get_metadata(const IC4_IMAGE_BUFFER* b, IC4_FRAME_METADATA* md) {
  if (b == nullptr || md == nullptr) return Fail(INVALID_PARAM_VAL, "NULL argument");
  md->device_frame_number = b->frame_number;
  md->device_timestamp_ns = b->timestamp_ns;
  return Ok();
}

IC4_EXPORT bool ic4_grabber_stream_setup(IC4_GRABBER* g, IC4_SINK* sink, IC4_DISPLAY* display, bool start_acquisition) {
  if (!RequireInit()) return false;
  if (g == nullptr) return Fail(INVALID_PARAM_VAL, "pGrabber is NULL");
  if (!g->device || !g->device->open) return Fail(INVALID_OPERATION, "No device open");
  if (display != nullptr) return Fail(INVALID_PARAM_VAL, "stand-in: displays are not implemented");
  if (sink == nullptr) return Fail(INVALID_PARAM_VAL, "a data stream needs a sink or a display");
  if (g->sink != nullptr) return Fail(INVALID_OPERATION, "The grabber already has a data stream");
  if (sink->attached) return Fail(SINK_ALREADY_ATTACHED, "The sink is already attached to a data stream");
  CameraState& st = *g->device->state;
  std::lock_guard<std::mutex> lock(st.mu);
  if (g->device->cam.timeout) return Fail(TIMEOUT, "Timeout setting up the data stream");
  if (st.stream) return Fail(DEVICE_ERROR, "The device is already streaming to another grabber");
  {
    std::lock_guard<std::mutex> qlock(sink->queue->mu);
    sink->queue->connected = true;
    sink->queue->next_frame = 1;
    for (size_t i = sink->queue->free.size(); i < kSinkBuffers; ++i) {
      auto* b = new IC4_IMAGE_BUFFER();
      b->queue = sink->queue;
      sink->queue->free.push_back(b);
    }
  }
  sink->attached = true;
  g->sink = Ref(sink);
  st.stream = sink->queue;
  if (start_acquisition) return ExecuteLocked(g->device.get(), "AcquisitionStart");
  return Ok();
}

IC4_EXPORT bool ic4_grabber_stream_stop(IC4_GRABBER* g) {
  if (!RequireInit()) return false;
  if (g == nullptr) return Fail(INVALID_PARAM_VAL, "pGrabber is NULL");
  if (g->sink == nullptr) return Fail(INVALID_OPERATION, "No data stream");
  StopStream(g);
  return Ok();
}

// Test hooks: not part of IC4.
IC4_EXPORT int ic4_standin_init_calls(void) { return g_init_calls.load(); }
IC4_EXPORT int ic4_standin_exit_calls(void) { return g_exit_calls.load(); }
IC4_EXPORT int ic4_standin_live_objects(void) { return g_live_objects.load(); }

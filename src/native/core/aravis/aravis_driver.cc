// Aravis 0.8 backend. Threading, from the 0.8.26 sources (shared notes gvcp-vcam.md, section 6):
// - arv_update_device_list, arv_get_device_* and arv_open_device each take the global arv_system_mutex, so opens
//   are serialised process-wide whatever we do (a silent camera's 2.5 s open delays every other open).
// - Each ArvGvDevice has its own mutex around one GVCP transaction, shared with its heartbeat thread, so
//   different cameras run in parallel.
// - The GenICam node tree has no lock at all. Camera is therefore not thread-safe; CameraRegistry serialises the
//   calls on one camera.
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <cstdio>
#include <ctime>
#include <mutex>

#include "../driver_factory.h"
#include "aravis_api.h"
#include "direct_command.h"
#include "stream_channel_snapshot.h"

namespace ptpcam {

namespace {

using arv::Api;
using arv::ArvDevice;
using arv::ArvGcNode;
using arv::GError;

// arv_get_device_* return pointers into the device table that the next arv_update_device_list frees, and the
// global Aravis mutex only covers one call. This lock spans a whole update-then-read sequence.
std::mutex& DeviceListMutex() {
  static std::mutex m;
  return m;
}

std::string Str(const char* s) { return s != nullptr ? s : ""; }

// Aravis 0.8.26 does not say which NIC answered discovery; the NIC whose IPv4 subnet holds the camera is the one
// Aravis itself picks to talk to it.
std::string NicForAddress(const std::string& address) {
  in_addr target{};
  if (inet_pton(AF_INET, address.c_str(), &target) != 1 || target.s_addr == 0) return "";
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return "";
  std::string name;
  for (ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr == nullptr || i->ifa_netmask == nullptr || i->ifa_addr->sa_family != AF_INET) continue;
    if ((i->ifa_flags & IFF_UP) == 0) continue;
    const uint32_t addr = reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr.s_addr;
    const uint32_t mask = reinterpret_cast<sockaddr_in*>(i->ifa_netmask)->sin_addr.s_addr;
    if ((addr & mask) == (target.s_addr & mask)) {
      name = i->ifa_name;
      break;
    }
  }
  freeifaddrs(list);
  return name;
}

DeviceInfo InfoAt(const Api& api, unsigned int index) {
  DeviceInfo d;
  d.id = Str(api.get_device_id(index));
  d.vendor = Str(api.get_device_vendor(index));
  d.model = Str(api.get_device_model(index));
  d.serial = Str(api.get_device_serial_nbr(index));
  d.address = Str(api.get_device_address(index));
  const std::string protocol = Str(api.get_device_protocol(index));
  d.interface_name = NicForAddress(d.address);
  if (d.interface_name.empty()) d.interface_name = protocol.empty() ? "GigEVision" : protocol;
  return d;
}

// Caller holds DeviceListMutex.
bool FindBySerial(const Api& api, const std::string& serial, DeviceInfo* out) {
  const unsigned int n = api.get_n_devices();
  for (unsigned int i = 0; i < n; ++i) {
    if (Str(api.get_device_serial_nbr(i)) == serial) {
      *out = InfoAt(api, i);
      return true;
    }
  }
  return false;
}

class AravisCamera final : public Camera {
 public:
  AravisCamera(std::shared_ptr<const Api> api, ArvDevice* device, DeviceInfo info)
      : api_(std::move(api)), device_(device), info_(std::move(info)), is_gv_(api_->IsA(device, api_->gv_device_type)) {
    // The default policy is already DISABLE in 0.8.26; set it anyway so a future default cannot turn latch
    // reads into cache hits.
    api_->device_set_register_cache_policy(device_, arv::kRegisterCachePolicyDisable);
  }
  ~AravisCamera() override { Close(); }

  const DeviceInfo& info() const override { return info_; }

  bool HasFeature(const std::string& name) override {
    if (device_ == nullptr) return false;
    ArvGcNode* node = api_->device_get_feature(device_, name.c_str());
    if (!api_->IsA(node, api_->feature_node_type)) return false;
    GError* e = nullptr;
    const bool available = api_->gc_feature_node_is_available(node, &e) != 0;
    if (e != nullptr) {
      api_->g_error_free(e);
      return false;
    }
    return available;
  }

  CamError GetBool(const std::string& name, bool* out) override {
    if (device_ == nullptr) return ClosedError();
    GError* e = nullptr;
    const arv::gboolean v = api_->device_get_boolean_feature_value(device_, name.c_str(), &e);
    if (e != nullptr) return Fail(&e, "get " + name, false);
    *out = v != 0;
    return CamError::None();
  }

  CamError SetBool(const std::string& name, bool value) override {
    if (device_ == nullptr) return ClosedError();
    CamError denied = RequireControl("set " + name);
    if (!denied.ok()) return denied;
    GError* e = nullptr;
    api_->device_set_boolean_feature_value(device_, name.c_str(), value ? 1 : 0, &e);
    if (e != nullptr) return Fail(&e, "set " + name, true);
    return CamError::None();
  }

  CamError GetEnum(const std::string& name, std::string* out) override {
    if (device_ == nullptr) return ClosedError();
    GError* e = nullptr;
    // Enumerations implement ArvGcString, so this yields the current entry's name.
    const char* v = api_->device_get_string_feature_value(device_, name.c_str(), &e);
    if (e != nullptr) return Fail(&e, "get " + name, false);
    *out = Str(v);
    return CamError::None();
  }

  CamError GetInt(const std::string& name, int64_t* out) override {
    if (device_ == nullptr) return ClosedError();
    GError* e = nullptr;
    const int64_t v = api_->device_get_integer_feature_value(device_, name.c_str(), &e);
    if (e != nullptr) return Fail(&e, "get " + name, false);
    *out = v;
    return CamError::None();
  }

  CamError Execute(const std::string& name) override {
    if (device_ == nullptr) return ClosedError();
    CamError denied = RequireControl("execute " + name);
    if (!denied.ok()) return denied;
    GError* e = nullptr;
    api_->device_execute_command(device_, name.c_str(), &e);
    if (e != nullptr) return Fail(&e, "execute " + name, true);
    return CamError::None();
  }

  // Node pointers are owned by the device's GenICam tree and live exactly as long as device_.
  CamError PrepareLatch() override {
    if (device_ == nullptr) return ClosedError();
    ArvGcNode* cmd = api_->device_get_feature(device_, "TimestampLatch");
    CamError err = CheckNode(cmd, "TimestampLatch", api_->command_type, "Command");
    if (!err.ok()) return err;
    ArvGcNode* value = api_->device_get_feature(device_, "TimestampLatchValue");
    err = CheckNode(value, "TimestampLatchValue", api_->integer_type, "Integer");
    if (!err.ok()) return err;
    latch_cmd_ = cmd;
    latch_value_ = value;
    latch_direct_ok_ = arv::ResolveDirectWrite(*api_, device_, cmd, &latch_direct_);
    return CamError::None();
  }

  CamError FireLatch() override {
    if (latch_cmd_ == nullptr) {
      CamError err = PrepareLatch();
      if (!err.ok()) return err;
    }
    CamError denied = RequireControl("execute TimestampLatch");
    if (!denied.ok()) return denied;
    GError* e = nullptr;
    if (latch_direct_ok_) {
      api_->device_write_register(device_, latch_direct_.address, latch_direct_.value, &e);
    } else {
      api_->gc_command_execute(latch_cmd_, &e);
    }
    if (e != nullptr) return Fail(&e, "execute TimestampLatch", true);
    return CamError::None();
  }

  CamError ReadLatch(uint64_t* out) override {
    if (latch_value_ == nullptr) {
      CamError err = PrepareLatch();
      if (!err.ok()) return err;
    }
    GError* e = nullptr;
    // An 8-byte IntReg comes back as the raw 64-bit pattern in a gint64; the cast keeps every bit.
    const int64_t v = api_->gc_integer_get_value(latch_value_, &e);
    if (e != nullptr) return Fail(&e, "get TimestampLatchValue", false);
    *out = static_cast<uint64_t>(v);
    return CamError::None();
  }

  // --- Action method: arming setters and a GVSP stream (ArvStream) -------------------------------------------

  CamError SetEnum(const std::string& name, const std::string& value) override {
    if (device_ == nullptr) return ClosedError();
    if (CamError m = ActionApi("set " + name); !m.ok()) return m;
    if (CamError denied = RequireControl("set " + name); !denied.ok()) return denied;
    GError* e = nullptr;
    // Enumerations implement ArvGcString: setting the string selects the entry by name.
    api_->device_set_string_feature_value(device_, name.c_str(), value.c_str(), &e);
    if (e != nullptr) return Fail(&e, "set " + name + " = " + value, true);
    return CamError::None();
  }

  CamError SetInt(const std::string& name, int64_t value) override {
    if (device_ == nullptr) return ClosedError();
    if (CamError m = ActionApi("set " + name); !m.ok()) return m;
    if (CamError denied = RequireControl("set " + name); !denied.ok()) return denied;
    GError* e = nullptr;
    api_->device_set_integer_feature_value(device_, name.c_str(), value, &e);
    if (e != nullptr) return Fail(&e, "set " + name + " = " + std::to_string(value), true);
    return CamError::None();
  }

  CamError GetEnumEntries(const std::string& name, std::vector<std::string>* out) override {
    if (device_ == nullptr) return ClosedError();
    if (CamError m = ActionApi("entries of " + name); !m.ok()) return m;
    GError* e = nullptr;
    unsigned int n = 0;
    const char** v = api_->device_dup_available_enumeration_feature_values_as_strings(device_, name.c_str(), &n, &e);
    if (e != nullptr) {
      if (v != nullptr) api_->g_free(v);
      return Fail(&e, "entries of " + name, false);
    }
    out->clear();
    for (unsigned int i = 0; i < n && v != nullptr; ++i) out->push_back(Str(v[i]));
    // The array is ours, the strings belong to the GenICam nodes.
    if (v != nullptr) api_->g_free(v);
    return CamError::None();
  }

  CamError GetIntRange(const std::string& name, int64_t* min, int64_t* max, int64_t* inc) override {
    if (device_ == nullptr) return ClosedError();
    if (CamError m = ActionApi("range of " + name); !m.ok()) return m;
    GError* e = nullptr;
    api_->device_get_integer_feature_bounds(device_, name.c_str(), min, max, &e);
    if (e != nullptr) return Fail(&e, "range of " + name, false);
    *inc = api_->device_get_integer_feature_increment(device_, name.c_str(), &e);
    if (e != nullptr) return Fail(&e, "increment of " + name, false);
    if (*inc < 1) *inc = 1;
    return CamError::None();
  }

  std::string FeatureAccess(const std::string& name) override {
    if (device_ == nullptr || !HasFeature(name)) return "NA";
    if (api_->gc_feature_node_get_actual_access_mode == nullptr) return "RW";
    ArvGcNode* node = api_->device_get_feature(device_, name.c_str());
    switch (api_->gc_feature_node_get_actual_access_mode(node)) {
      case arv::kAccessRO: return "RO";
      case arv::kAccessWO: return "WO";
      case arv::kAccessRW: return "RW";
      default: return "NA";
    }
  }

  // The stream channel is the camera's SCP0; Aravis writes the host address and port into it and runs its own
  // receive thread, which fills the buffers pushed here. Timestamps come back already in ns, converted with the
  // camera's tick frequency by Aravis' exact floor rule (arv_gvsp_timestamp_to_ns).
  // Opening the stream also rewrites the camera's stream channel registers (stream_channel_snapshot.h says which
  // and where in Aravis): they are read here, before Aravis touches them, and written back when the stream ends
  // (StopFrames, which Close and every failure below go through), so the camera is left as it was found.
  CamError StartFrames(uint32_t buffers) override {
    if (device_ == nullptr) return ClosedError();
    if (CamError m = ActionApi("start the stream"); !m.ok()) return m;
    if (CamError denied = RequireControl("start the stream"); !denied.ok()) return denied;
    StopFrames();
    GError* e = nullptr;
    const int64_t payload = api_->device_get_integer_feature_value(device_, "PayloadSize", &e);
    if (e != nullptr) return Fail(&e, "get PayloadSize", false);
    if (payload <= 0) {
      return CamError::Make(ErrorCode::kSdkError, "camera " + info_.serial + " reports PayloadSize " + std::to_string(payload));
    }
    if (is_gv_) {
      CamError taken = stream_regs_.Take(StreamChannel(), [this](uint64_t a, uint32_t* v) { return ReadRegister(a, v); });
      if (!taken.ok()) return taken;
    }
    // Aravis 0.8.26 binds its AF_PACKET ring (used when the process may, e.g. as root) before it attaches the
    // ring's BPF filter, so a GVCP ack of another camera arriving in between is parsed as GVSP; its "block id"
    // then makes the stream drop real frames as late until the ids pass it (seen in the lab: the first frames
    // of a 4-camera run lost). The plain UDP socket has no such window, and a frame of a few bytes per action
    // costs nothing through it.
    if (is_gv_) api_->gv_device_set_stream_options(device_, arv::kGvStreamOptionPacketSocketDisabled);
    arv::ArvStream* stream = api_->device_create_stream(device_, nullptr, nullptr, &e);
    if (stream == nullptr || e != nullptr) {
      // A failed create may already have aimed the channel (auto_packet_size runs first).
      if (stream != nullptr) api_->g_object_unref(stream);
      CamError err = e == nullptr ? CamError::Make(ErrorCode::kSdkError, "create stream on " + info_.serial + ": Aravis returned none")
                                  : Fail(&e, "create stream", true);
      return WithRestore(err, RestoreStreamChannel(err));
    }
    for (uint32_t i = 0; i < buffers; ++i) api_->stream_push_buffer(stream, api_->buffer_new_allocate(static_cast<size_t>(payload)));
    api_->device_execute_command(device_, "AcquisitionStart", &e);
    if (e != nullptr) {
      CamError err = Fail(&e, "execute AcquisitionStart", true);
      api_->g_object_unref(stream);
      return WithRestore(err, RestoreStreamChannel(err));
    }
    stream_ = stream;
    return CamError::None();
  }

  CamError WaitFrame(int64_t timeout_ns, FrameInfo* out) override {
    if (stream_ == nullptr) return CamError::Make(ErrorCode::kClosed, "the stream of " + info_.serial + " is not started");
    const uint64_t timeout_us = static_cast<uint64_t>(timeout_ns > 0 ? timeout_ns / 1000 : 0);
    arv::ArvBuffer* b = api_->stream_timeout_pop_buffer(stream_, timeout_us);
    if (b == nullptr) return CamError::Make(ErrorCode::kTimeout, "no frame from " + info_.serial);
    out->arrival_ns = RealtimeNowNs();
    out->status = api_->buffer_get_status(b);
    out->complete = out->status == arv::kBufferStatusSuccess;
    out->block_id = api_->buffer_get_frame_id(b);
    out->timestamp = api_->buffer_get_timestamp(b);
    out->timestamp_is_ns = true;
    api_->stream_push_buffer(stream_, b);
    return CamError::None();
  }

  CamError StopFrames() override {
    if (stream_ == nullptr) return CamError::None();
    GError* e = nullptr;
    CamError result;
    if (device_ != nullptr) {
      api_->device_execute_command(device_, "AcquisitionStop", &e);
      if (e != nullptr) result = Fail(&e, "execute AcquisitionStop", true);
    }
    // Finalising the stream joins its receive thread, frees every buffer it still holds and (Aravis >= 0.8.23)
    // writes SCP = 0; the registers are put back after that.
    api_->g_object_unref(stream_);
    stream_ = nullptr;
    return WithRestore(result, RestoreStreamChannel(result));
  }

  void Close() override {
    if (device_ == nullptr) return;
    StopFrames();
    latch_cmd_ = nullptr;
    latch_value_ = nullptr;
    latch_direct_ok_ = false;
    // Finalising an ArvGvDevice stops its heartbeat thread and releases the control privilege (CCP = 0).
    api_->g_object_unref(device_);
    device_ = nullptr;
  }

 public:
  bool HasControl() const { return IsController(); }

 private:
  bool IsController() const { return !is_gv_ || api_->gv_device_is_controller(device_) != 0; }

  // A GigE Vision device only accepts writes from its controller. When Aravis opened the camera without the
  // privilege (another application holds it) or lost it (heartbeat failed), a write is refused or, on some
  // devices, silently dropped until the 2.5 s timeout; failing here gives the real reason at once.
  CamError RequireControl(const std::string& what) const {
    if (IsController()) return CamError::None();
    return CamError::Make(ErrorCode::kAccessDenied,
                          what + " on " + info_.serial +
                              ": another application controls the camera (opened without GigE Vision control "
                              "privilege)",
                          arv::kDevNotController);
  }

  CamError Fail(GError** e, const std::string& what, bool writing) const {
    return arv::TakeError(*api_, e, what + " on " + info_.serial, writing, IsController());
  }

  CamError CheckNode(ArvGcNode* node, const char* name, arv::GType type, const char* type_name) const {
    if (node == nullptr) {
      return CamError::Make(ErrorCode::kFeatureMissing,
                            std::string(name) + " not found on " + info_.serial, arv::kDevFeatureNotFound);
    }
    if (!api_->IsA(node, type)) {
      return CamError::Make(ErrorCode::kTypeMismatch,
                            std::string(name) + " on " + info_.serial + " is not a GenICam " + type_name,
                            arv::kDevWrongFeature);
    }
    return CamError::None();
  }

  // Aravis' stream channel selector (0.8.23+); channel 0 before it had one.
  uint32_t StreamChannel() const {
    GError* e = nullptr;
    const int64_t channel = api_->device_get_integer_feature_value(device_, "ArvGevStreamChannelSelector", &e);
    if (e != nullptr) {
      api_->g_error_free(e);
      return 0;
    }
    return channel > 0 ? static_cast<uint32_t>(channel) : 0;
  }

  CamError ReadRegister(uint64_t address, uint32_t* value) const {
    GError* e = nullptr;
    const bool ok = api_->device_read_register(device_, address, value, &e) != 0;
    if (e != nullptr) return Fail(&e, "read register " + Hex(address), false);
    if (!ok) return CamError::Make(ErrorCode::kSdkError, "read register " + Hex(address) + " on " + info_.serial + ": Aravis failed without an error");
    return CamError::None();
  }

  CamError WriteRegister(uint64_t address, uint32_t value) const {
    GError* e = nullptr;
    const bool ok = api_->device_write_register(device_, address, value, &e) != 0;
    if (e != nullptr) return Fail(&e, "write register " + Hex(address), true);
    if (!ok) return CamError::Make(ErrorCode::kSdkError, "write register " + Hex(address) + " on " + info_.serial + ": Aravis failed without an error");
    return CamError::None();
  }

  // Puts back what StartFrames read, once the stream object is gone. `camera_state` is the error the stream's own
  // teardown met: a camera that no longer answers (or a lost control privilege) is not written to, since each
  // write would only wait out Aravis' retries; the registers left as Aravis set them are named instead.
  CamError RestoreStreamChannel(const CamError& camera_state) {
    if (!stream_regs_.taken()) return CamError::None();
    if (device_ == nullptr) return stream_regs_.Abandon(ClosedError());
    if (camera_state.code == ErrorCode::kTimeout || camera_state.code == ErrorCode::kNotFound) {
      return stream_regs_.Abandon(camera_state);
    }
    if (!IsController()) {
      return stream_regs_.Abandon(CamError::Make(
          ErrorCode::kAccessDenied, "camera " + info_.serial + ": this process lost its GigE Vision control privilege",
          arv::kDevNotController));
    }
    return stream_regs_.Restore([this](uint64_t a, uint32_t v) { return WriteRegister(a, v); });
  }

  // The first error wins the code; a failed restore is added to its message, or is the error when there was none.
  static CamError WithRestore(CamError first, const CamError& restore) {
    if (restore.ok()) return first;
    if (first.ok()) return restore;
    first.message += "; " + restore.message;
    return first;
  }

  static std::string Hex(uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%04llx", static_cast<unsigned long long>(v));
    return buf;
  }

  CamError ActionApi(const std::string& what) const {
    if (api_->action_missing.empty()) return CamError::None();
    return CamError::Make(ErrorCode::kFeatureMissing, what + " on " + info_.serial + ": this Aravis library lacks " +
                                                          api_->action_missing + " (Aravis >= 0.8.22 has them)");
  }

  static int64_t RealtimeNowNs() {
    timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
  }

  CamError ClosedError() const {
    return CamError::Make(ErrorCode::kClosed, "camera " + info_.serial + " is closed");
  }

  std::shared_ptr<const Api> api_;
  ArvDevice* device_;
  DeviceInfo info_;
  bool is_gv_;
  ArvGcNode* latch_cmd_ = nullptr;
  ArvGcNode* latch_value_ = nullptr;
  // TimestampLatch as one plain register write, when its GenICam description allows (direct_command.h).
  bool latch_direct_ok_ = false;
  arv::DirectWrite latch_direct_;
  arv::ArvStream* stream_ = nullptr;
  arv::StreamChannelSnapshot stream_regs_;
};

class AravisDriver final : public CameraDriver {
 public:
  explicit AravisDriver(std::shared_ptr<const Api> api) : api_(std::move(api)) {}

  // No arv_shutdown here: it destroys the process-wide interface singletons that other AravisDriver instances
  // and still-open cameras (which outlive the driver through shared_ptr) keep using, and later calls would
  // recreate them with different device tables. Aravis' own docs call it optional outside leak checking.
  ~AravisDriver() override = default;

  const char* name() const override { return "aravis"; }

  CamError List(std::vector<DeviceInfo>* out) override {
    std::lock_guard<std::mutex> lock(DeviceListMutex());
    api_->update_device_list();
    const unsigned int n = api_->get_n_devices();
    out->clear();
    for (unsigned int i = 0; i < n; ++i) out->push_back(InfoAt(*api_, i));
    return CamError::None();
  }

  CamError Open(const std::string& serial, std::unique_ptr<Camera>* out) override {
    if (serial.empty()) return CamError::Make(ErrorCode::kInvalidArgument, "empty camera serial");
    std::lock_guard<std::mutex> lock(DeviceListMutex());
    DeviceInfo info;
    // The table from the last List() normally has it; discovery costs a second, so only rediscover on a miss.
    if (!FindBySerial(*api_, serial, &info)) {
      api_->update_device_list();
      if (!FindBySerial(*api_, serial, &info)) {
        return CamError::Make(ErrorCode::kNotFound,
                              "no Aravis camera with serial " + serial + " (" +
                                  std::to_string(api_->get_n_devices()) + " camera(s) discovered)",
                              arv::kDevNotFound);
      }
    }
    GError* e = nullptr;
    ArvDevice* device = api_->open_device(info.id.c_str(), &e);
    if (device == nullptr) {
      if (e == nullptr) {
        return CamError::Make(ErrorCode::kNotFound, "open " + serial + " (" + info.id + "): not found",
                              arv::kDevNotFound);
      }
      return arv::TakeError(*api_, &e, "open " + serial + " (" + info.id + ")", false, true);
    }
    if (e != nullptr) api_->g_error_free(e);
    auto cam = std::make_unique<AravisCamera>(api_, device, std::move(info));
    // Aravis opens a GigE Vision camera even when another application holds its control privilege; every
    // latch would then be refused. Say so once, at open, instead of failing every sample.
    if (!cam->HasControl()) {
      cam->Close();
      return CamError::Make(ErrorCode::kAccessDenied,
                            "camera " + serial + " is in use: another application controls it (GigE Vision control privilege)",
                            arv::kDevNotController);
    }
    *out = std::move(cam);
    return CamError::None();
  }

 private:
  std::shared_ptr<const Api> api_;
};

}  // namespace

CamError CreateAravisDriver(const std::string& library_path, std::shared_ptr<CameraDriver>* out) {
  std::shared_ptr<const Api> api;
  CamError err = arv::LoadApi(library_path, &api);
  if (!err.ok()) return err;
  *out = std::make_shared<AravisDriver>(std::move(api));
  return CamError::None();
}

}  // namespace ptpcam

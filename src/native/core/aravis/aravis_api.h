// The slice of the Aravis 0.8 C API the driver calls, declared here and resolved with dlsym so the addon neither
// includes the Aravis/glib headers nor links them. Prototypes and enum values were copied from the 0.8.26 headers
// (arvsystem.h, arvdevice.h, arvgc.h, arvgcfeaturenode.h, arvgccommand.h, arvgcinteger.h, arvgvdevice.h);
// arv_device_read_register/arv_device_write_register are the same in 0.8.22 and 0.8.26.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "../camera_driver.h"
#include "../dl/dl_library.h"

namespace ptpcam {
namespace arv {

// Opaque GObject instances: only ever passed back to Aravis.
struct ArvDevice;
struct ArvGcNode;
struct ArvStream;
struct ArvBuffer;

using gboolean = int;
using GQuark = uint32_t;
using GType = unsigned long;  // gsize on every glibc target

// glib's public struct layout (gerror.h), stable since glib 2.0.
struct GError {
  GQuark domain;
  int code;
  char* message;
};

// ArvDeviceError (arvdevice.h): a plain enum counted from 0; the PROTOCOL_ERROR_* entries are what a GVCP
// status in an ack turns into (arv_gvcp_error_to_device_error in arvgvdevice.c, 0x8006 -> ACCESS_DENIED).
enum DeviceError : int {
  kDevWrongFeature = 0,
  kDevFeatureNotFound = 1,
  kDevNotConnected = 2,
  kDevProtocolError = 3,
  kDevTransferError = 4,
  kDevTimeout = 5,
  kDevNotFound = 6,
  kDevInvalidParameter = 7,
  kDevGenicamNotFound = 8,
  kDevNoStreamChannel = 9,
  kDevNotController = 10,
  kDevUnknown = 11,
  kDevProtocolNotImplemented = 12,
  kDevProtocolInvalidParameter = 13,
  kDevProtocolInvalidAddress = 14,
  kDevProtocolWriteProtect = 15,
  kDevProtocolBadAlignment = 16,
  kDevProtocolAccessDenied = 17,
  kDevProtocolBusy = 18,
};

// ArvGcError (arvgc.h), also counted from 0.
enum GcError : int {
  kGcPropertyNotDefined = 0,
  kGcPvalueNotDefined = 1,
  kGcInvalidPvalue = 2,
  kGcEmptyEnumeration = 3,
  kGcOutOfRange = 4,
  kGcNoDeviceSet = 5,
  kGcNoEventImplementation = 6,
  kGcNodeNotFound = 7,
  kGcEnumEntryNotFound = 8,
  kGcInvalidLength = 9,
  kGcReadOnly = 10,
};

// sdk_code of an ArvGcError is offset so it cannot be mistaken for the ArvDeviceError with the same number.
constexpr int32_t kGcErrorSdkBase = 1000;

constexpr int kRegisterCachePolicyDisable = 0;  // ARV_REGISTER_CACHE_POLICY_DISABLE

// ArvGcAccessMode (arvgcenums.h) and ArvBufferStatus (arvbuffer.h), 0.8.26.
enum AccessMode : int { kAccessUndefined = -1, kAccessRO = 0, kAccessWO = 1, kAccessRW = 2 };
constexpr int kBufferStatusSuccess = 0;
constexpr int kGvStreamOptionPacketSocketDisabled = 1;  // ARV_GV_STREAM_OPTION_PACKET_SOCKET_DISABLED (arvgvstream.h)

struct Api {
  DlLibrary lib;

  // libaravis-0.8: system (device list + open; all take the global arv_system_mutex)
  void (*update_device_list)(void);
  unsigned int (*get_n_devices)(void);
  const char* (*get_device_id)(unsigned int);
  const char* (*get_device_physical_id)(unsigned int);
  const char* (*get_device_address)(unsigned int);
  const char* (*get_device_vendor)(unsigned int);
  const char* (*get_device_model)(unsigned int);
  const char* (*get_device_serial_nbr)(unsigned int);
  const char* (*get_device_protocol)(unsigned int);
  ArvDevice* (*open_device)(const char*, GError**);

  // libaravis-0.8: device + GenICam nodes
  void (*device_set_register_cache_policy)(ArvDevice*, int);
  ArvGcNode* (*device_get_feature)(ArvDevice*, const char*);
  gboolean (*device_get_boolean_feature_value)(ArvDevice*, const char*, GError**);
  void (*device_set_boolean_feature_value)(ArvDevice*, const char*, gboolean, GError**);
  const char* (*device_get_string_feature_value)(ArvDevice*, const char*, GError**);
  int64_t (*device_get_integer_feature_value)(ArvDevice*, const char*, GError**);
  void (*device_execute_command)(ArvDevice*, const char*, GError**);
  gboolean (*gc_feature_node_is_available)(ArvGcNode*, GError**);
  void (*gc_command_execute)(ArvGcNode*, GError**);
  int64_t (*gc_integer_get_value)(ArvGcNode*, GError**);
  gboolean (*gv_device_is_controller)(ArvDevice*);
  GType (*gc_feature_node_get_type)(void);
  GType (*gc_command_get_type)(void);
  GType (*gc_integer_get_type)(void);
  GType (*gv_device_get_type)(void);
  GQuark (*device_error_quark)(void);
  GQuark (*gc_error_quark)(void);

  // libaravis-0.8: the action method (arming setters, enumeration entries, bounds, access, streams). Resolved
  // apart from the rest: an Aravis without them still latches, and the action method says what is missing.
  void (*device_set_string_feature_value)(ArvDevice*, const char*, const char*, GError**);
  void (*device_set_integer_feature_value)(ArvDevice*, const char*, int64_t, GError**);
  const char** (*device_dup_available_enumeration_feature_values_as_strings)(ArvDevice*, const char*, unsigned int*,
                                                                              GError**);
  void (*device_get_integer_feature_bounds)(ArvDevice*, const char*, int64_t*, int64_t*, GError**);
  int64_t (*device_get_integer_feature_increment)(ArvDevice*, const char*, GError**);
  int (*gc_feature_node_get_actual_access_mode)(ArvGcNode*);
  ArvStream* (*device_create_stream)(ArvDevice*, void* callback, void* user_data, GError**);
  // Raw 4-byte register access (READREG/WRITEREG on GigE Vision): the stream channel registers Aravis writes when
  // it opens a stream are read before and written back after (stream_channel_snapshot.h).
  gboolean (*device_read_register)(ArvDevice*, uint64_t address, uint32_t* value, GError**);
  gboolean (*device_write_register)(ArvDevice*, uint64_t address, uint32_t value, GError**);
  void (*gv_device_set_stream_options)(ArvDevice*, int options);
  void (*stream_push_buffer)(ArvStream*, ArvBuffer*);
  ArvBuffer* (*stream_timeout_pop_buffer)(ArvStream*, uint64_t timeout_us);
  ArvBuffer* (*stream_try_pop_buffer)(ArvStream*);
  ArvBuffer* (*buffer_new_allocate)(size_t);
  int (*buffer_get_status)(ArvBuffer*);
  uint64_t (*buffer_get_timestamp)(ArvBuffer*);
  uint64_t (*buffer_get_system_timestamp)(ArvBuffer*);
  uint64_t (*buffer_get_frame_id)(ArvBuffer*);
  void (*g_free)(void*);
  std::string action_missing;  // symbols of this group the library lacks (empty: all there)

  // libglib-2.0 / libgobject-2.0, found through the Aravis handle's dependencies
  void (*g_error_free)(GError*);
  const char* (*g_quark_to_string)(GQuark);
  void (*g_object_unref)(void*);
  gboolean (*g_type_check_instance_is_a)(void*, GType);

  // libaravis-0.8: the GenICam tree as nodes (direct_command.h); missing ones only keep the GenICam path.
  ArvGcNode* (*dom_node_get_first_child)(ArvGcNode*);
  ArvGcNode* (*dom_node_get_next_sibling)(ArvGcNode*);
  const char* (*dom_node_get_node_name)(ArvGcNode*);
  ArvGcNode* (*gc_property_node_get_linked_node)(ArvGcNode*);
  int64_t (*gc_property_node_get_int64)(ArvGcNode*, GError**);
  const char* (*gc_property_node_get_string)(ArvGcNode*, GError**);
  uint64_t (*gc_register_get_address)(ArvGcNode*, GError**);
  uint64_t (*gc_register_get_length)(ArvGcNode*, GError**);
  const char* (*gc_feature_node_get_name)(ArvGcNode*);
  GType (*gc_property_node_get_type)(void);
  GType (*gc_int_reg_node_get_type)(void);
  std::string direct_missing;

  // Resolved once at load: the quarks and GTypes are process constants.
  GQuark device_error_domain = 0;
  GQuark gc_error_domain = 0;
  GType feature_node_type = 0;
  GType command_type = 0;
  GType integer_type = 0;
  GType gv_device_type = 0;
  GType gc_property_node_type = 0;
  GType gc_int_reg_node_type = 0;

  bool IsA(const void* instance, GType type) const {
    return instance != nullptr && g_type_check_instance_is_a(const_cast<void*>(instance), type) != 0;
  }
};

// Loads library_path; when empty, $PTPCAM_ARAVIS_LIBRARY if set, else libaravis-0.8.so.0. kSdkMissing names the library and its Debian package.
CamError LoadApi(const std::string& library_path, std::shared_ptr<const Api>* out);

// Consumes *error (frees it, sets it to null) and turns it into our code. `writing` and `is_controller` let an
// access refusal say that another application holds the camera.
CamError TakeError(const Api& api, GError** error, const std::string& context, bool writing, bool is_controller);

}  // namespace arv
}  // namespace ptpcam

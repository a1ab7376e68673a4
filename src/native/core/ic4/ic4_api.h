// The slice of the IC Imaging Control 4 plain C API (libic4core) the driver calls, declared here from the
// prototypes in shared notes ic4-c-api.md (C_InitLibrary.h, C_Error.h, C_DeviceEnum.h, C_Grabber.h,
// C_Properties.h) and resolved with dlsym. Every function returns C bool: false means "ask ic4_get_last_error on
// this same thread", because IC4's last error is thread-local.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "../camera_driver.h"
#include "../dl/dl_library.h"

namespace ptpcam {
namespace ic4 {

struct IC4_DEVICE_ENUM;
struct IC4_DEVICE_INFO;
struct IC4_INTERFACE;
struct IC4_GRABBER;
struct IC4_PROPERTY_MAP;
struct IC4_PROPERTY;

// struct IC4_INIT_CONFIG (C_InitLibrary.h): three C enums (int-sized), a path, a reserved zero.
struct IC4_INIT_CONFIG {
  int api_log_level;       // IC4_LOG_LEVEL: 0 = IC4_LOG_OFF
  int internal_log_level;  // IC4_LOG_LEVEL
  int log_targets;         // IC4_LOG_TARGET_FLAGS: 0 = IC4_LOGTARGET_DISABLE
  const char* log_file;
  uint64_t reserved0;      // must be 0
};

// enum IC4_ERROR values the driver distinguishes (exact values from C_Error.h).
enum Error : int {
  kNoError = 0,
  kLibraryNotInitialized = 5,
  kDeviceNotFound = 16,
  kAmbiguous = 18,
  kTimeout = 27,
  kBufferTooSmall = 50,
  kGenicamFeatureNotFound = 101,
  kGenicamTypeMismatch = 103,
  kGenicamAccessDenied = 106,
  kGenicamValueError = 108,
};

struct Api {
  DlLibrary lib;

  bool (*init_library)(const IC4_INIT_CONFIG*);
  void (*exit_library)(void);
  bool (*get_last_error)(int* code, char* message, size_t* message_length);

  bool (*devenum_create)(IC4_DEVICE_ENUM**);
  void (*devenum_unref)(IC4_DEVICE_ENUM*);
  bool (*devenum_update_device_list)(IC4_DEVICE_ENUM*);
  int (*devenum_get_device_count)(const IC4_DEVICE_ENUM*);
  bool (*devenum_get_devinfo)(const IC4_DEVICE_ENUM*, int, IC4_DEVICE_INFO**);

  void (*devinfo_unref)(IC4_DEVICE_INFO*);
  const char* (*devinfo_get_model_name)(const IC4_DEVICE_INFO*);
  const char* (*devinfo_get_serial)(const IC4_DEVICE_INFO*);
  const char* (*devinfo_get_unique_name)(const IC4_DEVICE_INFO*);
  bool (*devinfo_get_devitf)(const IC4_DEVICE_INFO*, IC4_INTERFACE**);
  void (*devitf_unref)(IC4_INTERFACE*);
  const char* (*devitf_get_display_name)(const IC4_INTERFACE*);

  bool (*grabber_create)(IC4_GRABBER**);
  void (*grabber_unref)(IC4_GRABBER*);
  bool (*grabber_device_open)(IC4_GRABBER*, IC4_DEVICE_INFO*);
  bool (*grabber_device_close)(IC4_GRABBER*);
  bool (*grabber_device_get_property_map)(IC4_GRABBER*, IC4_PROPERTY_MAP**);

  void (*propmap_unref)(IC4_PROPERTY_MAP*);
  bool (*propmap_find)(IC4_PROPERTY_MAP*, const char*, IC4_PROPERTY**);
  bool (*propmap_execute_command)(IC4_PROPERTY_MAP*, const char*);
  bool (*propmap_get_value_int64)(IC4_PROPERTY_MAP*, const char*, int64_t*);
  bool (*propmap_get_value_bool)(IC4_PROPERTY_MAP*, const char*, bool*);
  bool (*propmap_get_value_string)(IC4_PROPERTY_MAP*, const char*, char*, size_t*);
  bool (*propmap_set_value_bool)(IC4_PROPERTY_MAP*, const char*, bool);
  void (*prop_unref)(IC4_PROPERTY*);
  bool (*prop_is_available)(IC4_PROPERTY*);
};

}  // namespace ic4
}  // namespace ptpcam

// The part of the IC4 C API the action method needs (arming setters, enumeration entries, integer ranges, a queue
// sink and its buffers' device timestamps). Prototypes and struct layouts are from the bindgen output of the IC4
// headers in MiyakoMeow/ic4-rs (ic4-sys/bindings/bindings.rs): not yet checked against a Linux libic4core, so every
// assumption about them is listed in ic4_unconfirmed.h. Resolved lazily, apart from the latch API: a library
// without them still latches, and the action method names what is missing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>

#include "ic4_api.h"

namespace ptpcam {
namespace ic4 {

struct IC4_SINK;
struct IC4_IMAGE_BUFFER;
struct IC4_PROPERTY_LIST;
struct IC4_DISPLAY;

// struct IC4_FRAME_METADATA (C_ImageBuffer.h per the bindgen output): 16 bytes.
struct IC4_FRAME_METADATA {
  uint64_t device_frame_number;
  uint64_t device_timestamp_ns;
};

// struct IC4_QUEUESINK_CONFIG, 96 bytes on 64-bit (bindgen's size assertion): four callbacks, their context, the
// accepted pixel formats (none = any), three allocator callbacks and their context, max output buffers. All zero
// = no callbacks, default allocator, any format, unlimited output queue.
struct IC4_QUEUESINK_CONFIG {
  void* callbacks[4];
  void* callback_context;
  const void* pixel_formats;
  size_t num_pixel_formats;
  void* allocator[3];
  void* allocator_context;
  size_t max_output_buffers;
};
static_assert(sizeof(void*) != 8 || sizeof(IC4_QUEUESINK_CONFIG) == 96, "IC4_QUEUESINK_CONFIG layout");

constexpr int kNoData = 9;  // IC4_ERROR_NO_DATA: the queue sink's output queue is empty

struct ActionApi {
  bool (*propmap_set_value_int64)(IC4_PROPERTY_MAP*, const char*, int64_t);
  bool (*propmap_set_value_string)(IC4_PROPERTY_MAP*, const char*, const char*);
  bool (*prop_enum_get_entries)(IC4_PROPERTY*, IC4_PROPERTY_LIST**);
  bool (*proplist_size)(IC4_PROPERTY_LIST*, size_t*);
  bool (*proplist_at)(IC4_PROPERTY_LIST*, size_t, IC4_PROPERTY**);
  void (*proplist_unref)(IC4_PROPERTY_LIST*);
  const char* (*prop_get_name)(IC4_PROPERTY*);
  bool (*prop_is_readonly)(IC4_PROPERTY*);
  bool (*prop_integer_get_min)(IC4_PROPERTY*, int64_t*);
  bool (*prop_integer_get_max)(IC4_PROPERTY*, int64_t*);
  bool (*prop_integer_get_inc)(IC4_PROPERTY*, int64_t*);
  bool (*queuesink_create)(IC4_SINK**, const IC4_QUEUESINK_CONFIG*);
  bool (*queuesink_pop_output_buffer)(IC4_SINK*, IC4_IMAGE_BUFFER**);
  void (*sink_unref)(IC4_SINK*);
  bool (*grabber_stream_setup)(IC4_GRABBER*, IC4_SINK*, IC4_DISPLAY*, bool start_acquisition);
  bool (*grabber_stream_stop)(IC4_GRABBER*);
  bool (*imagebuffer_get_metadata)(const IC4_IMAGE_BUFFER*, IC4_FRAME_METADATA*);
  void (*imagebuffer_unref)(IC4_IMAGE_BUFFER*);
  std::string missing;  // symbols the library lacks (empty: all there)
};

// Resolved once per process from the library `api` was loaded from.
inline const ActionApi& ActionApiOf(const Api& api) {
  static std::once_flag once;
  static ActionApi a;
  std::call_once(once, [&] {
    const DlLibrary& l = api.lib;
    l.Resolve("ic4_propmap_set_value_int64", &a.propmap_set_value_int64, &a.missing);
    l.Resolve("ic4_propmap_set_value_string", &a.propmap_set_value_string, &a.missing);
    l.Resolve("ic4_prop_enum_get_entries", &a.prop_enum_get_entries, &a.missing);
    l.Resolve("ic4_proplist_size", &a.proplist_size, &a.missing);
    l.Resolve("ic4_proplist_at", &a.proplist_at, &a.missing);
    l.Resolve("ic4_proplist_unref", &a.proplist_unref, &a.missing);
    l.Resolve("ic4_prop_get_name", &a.prop_get_name, &a.missing);
    l.Resolve("ic4_prop_is_readonly", &a.prop_is_readonly, &a.missing);
    l.Resolve("ic4_prop_integer_get_min", &a.prop_integer_get_min, &a.missing);
    l.Resolve("ic4_prop_integer_get_max", &a.prop_integer_get_max, &a.missing);
    l.Resolve("ic4_prop_integer_get_inc", &a.prop_integer_get_inc, &a.missing);
    l.Resolve("ic4_queuesink_create", &a.queuesink_create, &a.missing);
    l.Resolve("ic4_queuesink_pop_output_buffer", &a.queuesink_pop_output_buffer, &a.missing);
    l.Resolve("ic4_sink_unref", &a.sink_unref, &a.missing);
    l.Resolve("ic4_grabber_stream_setup", &a.grabber_stream_setup, &a.missing);
    l.Resolve("ic4_grabber_stream_stop", &a.grabber_stream_stop, &a.missing);
    l.Resolve("ic4_imagebuffer_get_metadata", &a.imagebuffer_get_metadata, &a.missing);
    l.Resolve("ic4_imagebuffer_unref", &a.imagebuffer_unref, &a.missing);
  });
  return a;
}

}  // namespace ic4
}  // namespace ptpcam

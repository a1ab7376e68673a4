#include "aravis_api.h"

#include <cstdlib>

namespace ptpcam {
namespace arv {

namespace {

constexpr const char* kDefaultSoname = "libaravis-0.8.so.0";

}  // namespace

CamError LoadApi(const std::string& library_path, std::shared_ptr<const Api>* out) {
  auto api = std::make_shared<Api>();
  std::string why;
  // An explicit path wins; else PTPCAM_ARAVIS_LIBRARY (as PTPCAM_IC4_LIBRARY for IC4); else the soname.
  std::string wanted = library_path;
  std::string described = library_path;
  if (wanted.empty()) {
    const char* env = std::getenv("PTPCAM_ARAVIS_LIBRARY");
    if (env != nullptr && *env != '\0') {
      wanted = env;
      described = wanted + " (from PTPCAM_ARAVIS_LIBRARY)";
    } else {
      wanted = kDefaultSoname;
      described = wanted;
    }
  }
  if (!DlLibrary::Open({wanted}, &api->lib, &why)) {
    return CamError::Make(ErrorCode::kSdkMissing,
                          "Aravis library " + described + " could not be loaded (" + why +
                              "); install the Debian/Ubuntu package libaravis-0.8-0 (Aravis 0.8)");
  }

  std::string missing;
  const DlLibrary& l = api->lib;
  l.Resolve("arv_update_device_list", &api->update_device_list, &missing);
  l.Resolve("arv_get_n_devices", &api->get_n_devices, &missing);
  l.Resolve("arv_get_device_id", &api->get_device_id, &missing);
  l.Resolve("arv_get_device_physical_id", &api->get_device_physical_id, &missing);
  l.Resolve("arv_get_device_address", &api->get_device_address, &missing);
  l.Resolve("arv_get_device_vendor", &api->get_device_vendor, &missing);
  l.Resolve("arv_get_device_model", &api->get_device_model, &missing);
  l.Resolve("arv_get_device_serial_nbr", &api->get_device_serial_nbr, &missing);
  l.Resolve("arv_get_device_protocol", &api->get_device_protocol, &missing);
  l.Resolve("arv_open_device", &api->open_device, &missing);
  l.Resolve("arv_device_set_register_cache_policy", &api->device_set_register_cache_policy, &missing);
  l.Resolve("arv_device_get_feature", &api->device_get_feature, &missing);
  l.Resolve("arv_device_get_boolean_feature_value", &api->device_get_boolean_feature_value, &missing);
  l.Resolve("arv_device_set_boolean_feature_value", &api->device_set_boolean_feature_value, &missing);
  l.Resolve("arv_device_get_string_feature_value", &api->device_get_string_feature_value, &missing);
  l.Resolve("arv_device_get_integer_feature_value", &api->device_get_integer_feature_value, &missing);
  l.Resolve("arv_device_execute_command", &api->device_execute_command, &missing);
  l.Resolve("arv_gc_feature_node_is_available", &api->gc_feature_node_is_available, &missing);
  l.Resolve("arv_gc_command_execute", &api->gc_command_execute, &missing);
  l.Resolve("arv_gc_integer_get_value", &api->gc_integer_get_value, &missing);
  l.Resolve("arv_gv_device_is_controller", &api->gv_device_is_controller, &missing);
  l.Resolve("arv_gc_feature_node_get_type", &api->gc_feature_node_get_type, &missing);
  l.Resolve("arv_gc_command_get_type", &api->gc_command_get_type, &missing);
  l.Resolve("arv_gc_integer_get_type", &api->gc_integer_get_type, &missing);
  l.Resolve("arv_gv_device_get_type", &api->gv_device_get_type, &missing);
  l.Resolve("arv_device_error_quark", &api->device_error_quark, &missing);
  l.Resolve("arv_gc_error_quark", &api->gc_error_quark, &missing);
  l.Resolve("g_error_free", &api->g_error_free, &missing);
  l.Resolve("g_quark_to_string", &api->g_quark_to_string, &missing);
  l.Resolve("g_object_unref", &api->g_object_unref, &missing);
  l.Resolve("g_type_check_instance_is_a", &api->g_type_check_instance_is_a, &missing);
  if (!missing.empty()) {
    return CamError::Make(ErrorCode::kSdkMissing,
                          api->lib.path() + " is not a usable Aravis 0.8 library (missing symbols: " + missing +
                              "); install the Debian/Ubuntu package libaravis-0.8-0 (Aravis >= 0.8.22)");
  }

  // The action method's symbols: missing ones only disable that method (Camera::StartFrames says which).
  std::string& am = api->action_missing;
  l.Resolve("arv_device_set_string_feature_value", &api->device_set_string_feature_value, &am);
  l.Resolve("arv_device_set_integer_feature_value", &api->device_set_integer_feature_value, &am);
  l.Resolve("arv_device_dup_available_enumeration_feature_values_as_strings",
            &api->device_dup_available_enumeration_feature_values_as_strings, &am);
  l.Resolve("arv_device_get_integer_feature_bounds", &api->device_get_integer_feature_bounds, &am);
  l.Resolve("arv_device_get_integer_feature_increment", &api->device_get_integer_feature_increment, &am);
  l.Resolve("arv_gc_feature_node_get_actual_access_mode", &api->gc_feature_node_get_actual_access_mode, &am);
  l.Resolve("arv_device_create_stream", &api->device_create_stream, &am);
  l.Resolve("arv_device_read_register", &api->device_read_register, &am);
  l.Resolve("arv_device_write_register", &api->device_write_register, &am);
  l.Resolve("arv_gv_device_set_stream_options", &api->gv_device_set_stream_options, &am);
  l.Resolve("arv_stream_push_buffer", &api->stream_push_buffer, &am);
  l.Resolve("arv_stream_timeout_pop_buffer", &api->stream_timeout_pop_buffer, &am);
  l.Resolve("arv_stream_try_pop_buffer", &api->stream_try_pop_buffer, &am);
  l.Resolve("arv_buffer_new_allocate", &api->buffer_new_allocate, &am);
  l.Resolve("arv_buffer_get_status", &api->buffer_get_status, &am);
  l.Resolve("arv_buffer_get_timestamp", &api->buffer_get_timestamp, &am);
  l.Resolve("arv_buffer_get_system_timestamp", &api->buffer_get_system_timestamp, &am);
  l.Resolve("arv_buffer_get_frame_id", &api->buffer_get_frame_id, &am);
  l.Resolve("g_free", &api->g_free, &am);

  std::string& dm = api->direct_missing;
  l.Resolve("arv_dom_node_get_first_child", &api->dom_node_get_first_child, &dm);
  l.Resolve("arv_dom_node_get_next_sibling", &api->dom_node_get_next_sibling, &dm);
  l.Resolve("arv_dom_node_get_node_name", &api->dom_node_get_node_name, &dm);
  l.Resolve("arv_gc_property_node_get_linked_node", &api->gc_property_node_get_linked_node, &dm);
  l.Resolve("arv_gc_property_node_get_int64", &api->gc_property_node_get_int64, &dm);
  l.Resolve("arv_gc_property_node_get_string", &api->gc_property_node_get_string, &dm);
  l.Resolve("arv_gc_register_get_address", &api->gc_register_get_address, &dm);
  l.Resolve("arv_gc_register_get_length", &api->gc_register_get_length, &dm);
  l.Resolve("arv_gc_feature_node_get_name", &api->gc_feature_node_get_name, &dm);
  l.Resolve("arv_gc_property_node_get_type", &api->gc_property_node_get_type, &dm);
  l.Resolve("arv_gc_int_reg_node_get_type", &api->gc_int_reg_node_get_type, &dm);
  if (dm.empty()) {
    api->gc_property_node_type = api->gc_property_node_get_type();
    api->gc_int_reg_node_type = api->gc_int_reg_node_get_type();
  }

  api->device_error_domain = api->device_error_quark();
  api->gc_error_domain = api->gc_error_quark();
  api->feature_node_type = api->gc_feature_node_get_type();
  api->command_type = api->gc_command_get_type();
  api->integer_type = api->gc_integer_get_type();
  api->gv_device_type = api->gv_device_get_type();
  *out = std::move(api);
  return CamError::None();
}

namespace {

const char* kNotController =
    "another application controls the camera (this process holds no GigE Vision control privilege)";

CamError MapDeviceError(int code, const std::string& text, bool writing, bool is_controller) {
  switch (code) {
    case kDevFeatureNotFound:
      return CamError::Make(ErrorCode::kFeatureMissing, text, code);
    case kDevWrongFeature:
      return CamError::Make(ErrorCode::kTypeMismatch, text, code);
    case kDevTimeout:
      return CamError::Make(ErrorCode::kTimeout, text, code);
    case kDevNotFound:
    case kDevNotConnected:
      return CamError::Make(ErrorCode::kNotFound, text, code);
    case kDevNotController:
      return CamError::Make(ErrorCode::kAccessDenied, text + ": " + kNotController, code);
    case kDevProtocolAccessDenied:
      // GVCP 0x8006: a write from a non-controller is the common cause; a controller can still meet it on
      // registers the device locks (e.g. while streaming).
      if (writing && !is_controller) {
        return CamError::Make(ErrorCode::kAccessDenied, text + ": " + kNotController, code);
      }
      return CamError::Make(ErrorCode::kAccessDenied, text + ": the camera refused access", code);
    case kDevProtocolWriteProtect:
      return CamError::Make(ErrorCode::kAccessDenied, text + ": the register is write-protected", code);
    default:
      return CamError::Make(ErrorCode::kSdkError, text, code);
  }
}

CamError MapGcError(int code, const std::string& text) {
  const int32_t sdk = kGcErrorSdkBase + code;
  switch (code) {
    case kGcNodeNotFound:
    case kGcPropertyNotDefined:
    case kGcPvalueNotDefined:
      return CamError::Make(ErrorCode::kFeatureMissing, text, sdk);
    case kGcReadOnly:
      return CamError::Make(ErrorCode::kAccessDenied, text + ": the feature is read-only", sdk);
    case kGcOutOfRange:
    case kGcEnumEntryNotFound:
      return CamError::Make(ErrorCode::kInvalidArgument, text, sdk);
    default:
      return CamError::Make(ErrorCode::kSdkError, text, sdk);
  }
}

}  // namespace

CamError TakeError(const Api& api, GError** error, const std::string& context, bool writing, bool is_controller) {
  GError* e = *error;
  *error = nullptr;
  if (e == nullptr) return CamError::Make(ErrorCode::kSdkError, context + ": Aravis failed without an error");
  const std::string text = context + ": " + (e->message != nullptr ? e->message : "(no message)");
  CamError out;
  if (e->domain == api.device_error_domain) {
    out = MapDeviceError(e->code, text, writing, is_controller);
  } else if (e->domain == api.gc_error_domain) {
    out = MapGcError(e->code, text);
  } else {
    // GIO socket errors and the like: keep the domain name so the message is traceable.
    const char* domain = api.g_quark_to_string(e->domain);
    out = CamError::Make(ErrorCode::kSdkError, text + " [" + (domain != nullptr ? domain : "?") + "]", e->code);
  }
  api.g_error_free(e);
  return out;
}

}  // namespace arv
}  // namespace ptpcam

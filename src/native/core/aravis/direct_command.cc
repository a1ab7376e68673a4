#include "direct_command.h"

#include <cstring>
#include <initializer_list>

namespace ptpcam {
namespace arv {

namespace {

bool NameIs(const Api& api, ArvGcNode* node, const char* name) {
  const char* n = api.dom_node_get_node_name(node);
  return n != nullptr && std::strcmp(n, name) == 0;
}

bool NameIsAny(const Api& api, ArvGcNode* node, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (NameIs(api, node, n)) return true;
  return false;
}

// The children of a GenICam node are its XML elements (ArvGcPropertyNode), named as in the file.
template <typename Fn>
void ForEachChild(const Api& api, ArvGcNode* node, Fn fn) {
  for (ArvGcNode* c = api.dom_node_get_first_child(node); c != nullptr; c = api.dom_node_get_next_sibling(c)) fn(c);
}

void Drop(const Api& api, GError** e) {
  if (*e != nullptr) api.g_error_free(*e);
  *e = nullptr;
}

}  // namespace

bool ResolveDirectWrite(const Api& api, ArvDevice* device, ArvGcNode* command, DirectWrite* out) {
  // WRITEREG is GigE Vision's; other transports keep the GenICam path.
  if (!api.direct_missing.empty() || api.device_write_register == nullptr || !api.IsA(device, api.gv_device_type)) return false;

  ArvGcNode* value_node = nullptr;
  bool constant_value = false;
  int64_t value = 0;
  bool ruled_out = false;
  ForEachChild(api, command, [&](ArvGcNode* c) {
    if (!api.IsA(c, api.gc_property_node_type)) return;
    if (NameIs(api, c, "pValue")) {
      value_node = api.gc_property_node_get_linked_node(c);
    } else if (NameIs(api, c, "CommandValue")) {
      GError* e = nullptr;
      value = api.gc_property_node_get_int64(c, &e);
      constant_value = e == nullptr;
      Drop(api, &e);
    } else if (NameIs(api, c, "pCommandValue")) {
      ruled_out = true;  // a CommandValue taken from another node
    }
  });
  if (ruled_out || !constant_value || value < 0 || value > 0xFFFFFFFFLL) return false;
  if (value_node == nullptr || !api.IsA(value_node, api.gc_int_reg_node_type)) return false;  // e.g. a MaskedIntReg

  bool big_endian = false;
  bool device_port = false;
  ForEachChild(api, value_node, [&](ArvGcNode* c) {
    if (!api.IsA(c, api.gc_property_node_type)) return;
    if (NameIs(api, c, "Endianess")) {
      GError* e = nullptr;
      const char* s = api.gc_property_node_get_string(c, &e);
      big_endian = e == nullptr && s != nullptr && std::strcmp(s, "BigEndian") == 0;
      Drop(api, &e);
    } else if (NameIs(api, c, "pPort")) {
      ArvGcNode* port = api.gc_property_node_get_linked_node(c);
      const char* name = port != nullptr ? api.gc_feature_node_get_name(port) : nullptr;
      device_port = name != nullptr && std::strcmp(name, "Device") == 0;
    } else if (NameIsAny(api, c, {"pAddress", "pIndex", "IntSwissKnife", "pLength"})) {
      ruled_out = true;  // an address or length computed from other nodes
    }
  });
  // GenICam's default is LittleEndian: only a register that says BigEndian is a GVCP register as written.
  if (ruled_out || !big_endian || !device_port) return false;

  GError* e = nullptr;
  const uint64_t length = api.gc_register_get_length(value_node, &e);
  const uint64_t address = e == nullptr ? api.gc_register_get_address(value_node, &e) : 0;
  const bool plain = e == nullptr && length == 4 && address % 4 == 0;
  Drop(api, &e);
  if (!plain) return false;
  out->address = address;
  out->value = static_cast<uint32_t>(value);
  return true;
}

}  // namespace arv
}  // namespace ptpcam

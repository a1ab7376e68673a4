// A GenICam Command that is one plain register write, sent without Aravis's node walk.
//
// arv_gc_command_execute evaluates the command's nodes on every call (access checks, the CommandValue, the
// register's address, length and endianness, the port) before it sends one GVCP write: about 8 us per latch on
// the lab host, spent in the camera thread between its wake-up and its send, so it adds to every step between two
// cameras' latches on one CPU (npm run bench -- gvcp). When the command's pValue is an IntReg on the device port,
// 4 bytes, big-endian, at a constant address, and its CommandValue is a constant, the command is exactly
// arv_device_write_register(address, value): the same write, one GVCP WRITEREG instead of a 4-byte WRITEMEM,
// both answered by the same ack. Anything else (a masked or little-endian register, a computed address or value,
// a chunk port, a non-GigE device) keeps the GenICam path.
#pragma once

#include <cstdint>

#include "aravis_api.h"

namespace ptpcam {
namespace arv {

struct DirectWrite {
  uint64_t address = 0;
  uint32_t value = 0;
};

// True and *out filled when `command` is such a write on `device`.
bool ResolveDirectWrite(const Api& api, ArvDevice* device, ArvGcNode* command, DirectWrite* out);

}  // namespace arv
}  // namespace ptpcam

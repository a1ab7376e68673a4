// GVCP ACTION_CMD (0x0100) and ACTION_ACK (0x0101), GigE Vision 2.0, as the lab checked them live with
// Aravis 0.8.26 (shared notes gige-action-gvsp.md). All fields big-endian. Plain functions: the bytes are the
// contract with every camera, so they are tested on their own (test/native/actionSender.test.ts).
#pragma once

#include <cstddef>
#include <cstdint>

#include "../camera_driver.h"

namespace ptpcam {
namespace gvcp {

constexpr uint16_t kPort = 3956;
constexpr uint8_t kKey = 0x42;
constexpr uint16_t kActionCmd = 0x0100;
constexpr uint16_t kActionAck = 0x0101;
constexpr uint8_t kFlagAckRequired = 0x01;
// Bit 7 marks a scheduled action (a 64-bit action time follows the keys). ptpcam never sends one: the point
// of the method is that the cameras act on arrival, which a schedule would hide.
constexpr uint8_t kFlagScheduled = 0x80;
constexpr size_t kActionCmdSize = 8 + 12;
constexpr size_t kActionAckSize = 8;

inline void Put16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
inline void Put32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}
inline uint16_t Get16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }

// Header: key 0x42, flags, command, payload length, request id (never 0: GVCP reserves it); then the keys.
inline void EncodeActionCmd(const ActionKeys& keys, uint16_t request_id, bool ack, uint8_t out[kActionCmdSize]) {
  out[0] = kKey;
  out[1] = ack ? kFlagAckRequired : 0;
  Put16(out + 2, kActionCmd);
  Put16(out + 4, 12);
  Put16(out + 6, request_id);
  Put32(out + 8, keys.device_key);
  Put32(out + 12, keys.group_key);
  Put32(out + 16, keys.group_mask);
}

// An ACTION_ACK: status (0 = success), answer 0x0101, length 0, ack id = the command's request id.
inline bool DecodeActionAck(const uint8_t* p, size_t n, uint16_t* status, uint16_t* ack_id) {
  if (n < kActionAckSize || Get16(p + 2) != kActionAck) return false;
  *status = Get16(p);
  *ack_id = Get16(p + 6);
  return true;
}

}  // namespace gvcp
}  // namespace ptpcam

// Sends GVCP ACTION_CMD packets from one UDP socket and says when each left the host. Where the socket offers
// it, the instant is the kernel's software transmit timestamp (SO_TIMESTAMPING, taken by the NIC driver as it
// hands the packet to the device, CLOCK_REALTIME); else the midpoint of the clock read around sendmsg, and the
// stamp says which. Optionally collects the cameras' ACTION_ACKs. Not thread-safe: one engine thread owns it.
#pragma once

#include <cstdint>
#include <vector>

#include "../camera_driver.h"
#include "action_targets.h"

namespace ptpcam {

enum class SendStampSource : uint8_t { kClock = 0, kKernel = 1, kSimulated = 2 };

struct SendStamp {
  int64_t realtime_ns = 0;
  SendStampSource source = SendStampSource::kClock;
  int64_t syscall_ns = 0;  // how long sendmsg took, for the bench
};

struct AckSeen {
  uint32_t from_ip = 0;  // network byte order
  uint16_t status = 0;
};

class ActionSender {
 public:
  ActionSender() = default;
  ~ActionSender();
  ActionSender(const ActionSender&) = delete;
  ActionSender& operator=(const ActionSender&) = delete;

  // want_kernel_stamps false: never ask the kernel (the bench compares both).
  CamError Open(bool want_kernel_stamps = true);
  void Close();
  bool kernel_stamps() const { return kernel_stamps_; }
  uint16_t local_port() const { return port_; }

  CamError Send(const ActionDestination& dest, const ActionKeys& keys, uint16_t request_id, bool ack, SendStamp* out);

  // Reads ACTION_ACKs for request_id until every address in `wanted` answered (or, with `wanted` empty,
  // `expected` distinct senders), or the monotonic deadline. Acks of cameras outside the run are kept too but do
  // not end the wait: another camera with the same keys on the subnet acts on the broadcast as well.
  void CollectAcks(uint16_t request_id, const std::vector<uint32_t>& wanted, size_t expected, int64_t deadline_mono_ns,
                   std::vector<AckSeen>* out);

 private:
  bool ReadTxStamp(uint32_t id, int64_t* ns);

  int fd_ = -1;
  bool kernel_stamps_ = false;
  uint32_t sends_ = 0;      // the kernel's SOF_TIMESTAMPING_OPT_ID counter: one per sendmsg
  int stamp_misses_ = 0;    // consecutive sends without a kernel stamp
  uint16_t port_ = 0;
};

}  // namespace ptpcam

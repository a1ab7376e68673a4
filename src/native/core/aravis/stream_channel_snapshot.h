// The GigE Vision stream channel registers Aravis overwrites when it opens a GVSP stream, read before and written
// back after, so a camera is left as it was found. What Aravis writes, from its sources (0.8.26, the same in 0.8.36):
// - arv_gv_device_create_stream -> auto_packet_size (src/arvgvdevice.c; on the first stream of a device object, the
//   default ARV_GV_PACKET_SIZE_ADJUSTMENT_ON_FAILURE_ONCE): SCDA (this host's address), the SCP host port (a masked
//   read-modify-write of SCP bits 16-31), SCPS "do not fragment" set and later put back, SCPS "fire test packet",
//   and the SCPS packet size itself when the test packet of the current size does not arrive (a binary search);
// - arv_gv_stream_constructed (src/arvgvstream.c): the SCPS packet size when it reads as no larger than the GVSP
//   overhead, then SCDA and the SCP host port again; it only reads SCSP;
// - arv_gv_stream_finalize (0.8.23 and later): SCP = 0, a raw write of the whole register.
// SCPD (packet delay) and SCSP (source port, read-only) are never written, so they are neither read nor restored.
// Plain C++ over two register callbacks: the driver passes Aravis' raw register access, the C++ tests a map.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "../camera_driver.h"

namespace ptpcam {
namespace arv {

// Bootstrap addresses of stream channel 0 (GigE Vision 2.0); channel n is 0x40 * n further on.
constexpr uint32_t kScpAddress = 0x0D00;
constexpr uint32_t kScpsAddress = 0x0D04;
constexpr uint32_t kScdaAddress = 0x0D18;
constexpr uint32_t kStreamChannelStride = 0x40;
// SCPS bit 0 (MSB): writing it makes the camera fire one test packet, so it is never written back.
constexpr uint32_t kScpsFireTestPacket = 0x80000000u;

using RegisterRead = std::function<CamError(uint64_t address, uint32_t* value)>;
using RegisterWrite = std::function<CamError(uint64_t address, uint32_t value)>;

class StreamChannelSnapshot {
 public:
  // Reads SCP, SCPS and SCDA of `channel`. On a failed read nothing is held and the error is returned: a stream
  // whose registers could not be put back is not started.
  CamError Take(uint32_t channel, const RegisterRead& read);

  bool taken() const { return taken_; }

  // Writes the values back: SCPS, then SCDA, then SCP last (a non-zero host port opens the channel again, so it
  // goes once the rest is in place). A failure that says the camera cannot be reached (timeout, not found,
  // closed) ends the restore there; any failure is returned with every register left unrestored
  // named. The snapshot is spent either way: a second call writes nothing.
  CamError Restore(const RegisterWrite& write);

  // Stops holding the values without writing them (the camera is known to be unreachable). Returns the error
  // that says so, naming the registers that stay as Aravis left them; None when nothing was held.
  CamError Abandon(const CamError& why);

 private:
  std::string Unrestored(size_t from) const;

  bool taken_ = false;
  uint32_t channel_ = 0;
  uint32_t scp_ = 0;
  uint32_t scps_ = 0;
  uint32_t scda_ = 0;
};

}  // namespace arv
}  // namespace ptpcam

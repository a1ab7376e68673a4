#include "stream_channel_snapshot.h"

#include <cstdio>

namespace ptpcam {
namespace arv {

namespace {

struct Reg {
  const char* name;
  uint32_t offset;
};
// Restore order: packet size, destination, then the port that opens the channel.
constexpr Reg kRegs[] = {{"SCPS", kScpsAddress}, {"SCDA", kScdaAddress}, {"SCP", kScpAddress}};
constexpr size_t kCount = sizeof kRegs / sizeof kRegs[0];

std::string Hex(uint32_t v, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%0*x", width, v);
  return buf;
}

// Each further write to a camera that does not answer would wait out Aravis' whole retry budget (5 x 500 ms).
bool Unreachable(const CamError& e) {
  return e.code == ErrorCode::kTimeout || e.code == ErrorCode::kNotFound || e.code == ErrorCode::kClosed;
}

}  // namespace

CamError StreamChannelSnapshot::Take(uint32_t channel, const RegisterRead& read) {
  taken_ = false;
  uint32_t values[kCount] = {};
  for (size_t i = 0; i < kCount; ++i) {
    const uint64_t address = kRegs[i].offset + kStreamChannelStride * channel;
    CamError e = read(address, &values[i]);
    if (!e.ok()) {
      e.message = "read stream channel " + std::to_string(channel) + " " + kRegs[i].name + " (" +
                  Hex(static_cast<uint32_t>(address), 4) + ") before opening the stream: " + e.message;
      return e;
    }
  }
  channel_ = channel;
  scps_ = values[0] & ~kScpsFireTestPacket;
  scda_ = values[1];
  scp_ = values[2];
  taken_ = true;
  return CamError::None();
}

std::string StreamChannelSnapshot::Unrestored(size_t from) const {
  const uint32_t values[kCount] = {scps_, scda_, scp_};
  std::string out;
  for (size_t i = from; i < kCount; ++i) {
    if (!out.empty()) out += ", ";
    out += std::string(kRegs[i].name) + " = " + Hex(values[i], 8);
  }
  return out;
}

CamError StreamChannelSnapshot::Restore(const RegisterWrite& write) {
  if (!taken_) return CamError::None();
  taken_ = false;
  const uint32_t values[kCount] = {scps_, scda_, scp_};
  CamError first;
  std::string failed;
  for (size_t i = 0; i < kCount; ++i) {
    const uint64_t address = kRegs[i].offset + kStreamChannelStride * channel_;
    CamError e = write(address, values[i]);
    if (e.ok()) continue;
    if (first.ok()) first = e;
    if (Unreachable(e)) {
      failed += (failed.empty() ? "" : ", ") + Unrestored(i);
      break;
    }
    failed += (failed.empty() ? "" : ", ") + std::string(kRegs[i].name) + " = " + Hex(values[i], 8);
  }
  if (first.ok()) return first;
  first.message = "stream channel " + std::to_string(channel_) + " registers not restored (" + failed +
                  "): " + first.message;
  return first;
}

CamError StreamChannelSnapshot::Abandon(const CamError& why) {
  if (!taken_) return CamError::None();
  taken_ = false;
  CamError e = why;
  e.message = "stream channel " + std::to_string(channel_) + " registers not restored (" + Unrestored(0) +
              "): " + why.message;
  return e;
}

}  // namespace arv
}  // namespace ptpcam

// What the action engine is asked to do and what it hands back, in plain C++.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "../batch_failure.h"
#include "../camera_registry.h"

namespace ptpcam {

struct ActionOptions {
  std::vector<std::shared_ptr<CameraSlot>> cameras;
  // Per camera: GevTimestampTickFrequency, used only to place frames (TypeScript converts values exactly).
  std::vector<uint64_t> tick_hz;
  ActionKeys keys;
  bool force_unicast = false;
  bool request_ack = false;
  bool kernel_stamps = true;
  uint64_t samples = 1;
  int64_t interval_ns = 0;
  int64_t timeout_ns = 1000LL * 1000000LL;     // per sample: how long every camera's frame may take
  int64_t ack_timeout_ns = 20LL * 1000000LL;   // how long acks are collected (frames arrive meanwhile), within timeout_ns
  int64_t start_delay_ns = 50LL * 1000000LL;   // after acquisition started, before the first action
  uint32_t buffers = 8;
  uint32_t batch_size = 256;
  int64_t batch_max_age_ns = 50LL * 1000000LL;
};

// Column-major per sample: entry [s * cameras + c].
struct ActionBatch {
  uint64_t first_index = 0;
  uint32_t count = 0;
  uint32_t cameras = 0;
  std::vector<uint64_t> timestamps;   // the frame's timestamp, raw (ticks or ns, see ts_is_ns)
  std::vector<uint8_t> ts_is_ns;
  std::vector<int64_t> sent_ns;       // host CLOCK_REALTIME the action left for this camera
  std::vector<uint8_t> sent_source;   // SendStampSource
  std::vector<int64_t> arrival_ns;    // host CLOCK_REALTIME the frame was handed over
  std::vector<uint64_t> block_ids;
  std::vector<int8_t> acked;          // -1 not asked, 0 no ACTION_ACK, 1 acked
  std::vector<int32_t> codes;         // ErrorCode
  std::vector<int32_t> sdk_codes;
  std::vector<BatchFailure> failures;
};

enum class ActionEnd { kCompleted, kStopped, kAbandoned, kFailed };

struct ActionDone {
  ActionEnd end = ActionEnd::kCompleted;
  uint64_t samples_done = 0;
  CamError error;                        // kFailed: why the run could not go on (a stream that would not start)
  std::vector<std::string> destinations;  // where the packets went, for the report
  bool kernel_stamps = false;            // the socket offered kernel transmit stamps
  std::vector<uint64_t> late_frames;     // per camera: frames that came after their action timed out
  std::vector<uint64_t> lost_frames;     // per camera: frames the block ids say the stream lost
  // Per camera: why its stream could not be stopped and its stream settings put back (ok when they were).
  std::vector<CamError> stop_errors;
};

class ActionSink {
 public:
  virtual ~ActionSink() = default;
  // May block for back-pressure; false when nobody will read the batch (the JS environment is going away).
  virtual bool Deliver(std::unique_ptr<ActionBatch> batch) = 0;
  virtual void Finish(const ActionDone& done) = 0;
};

}  // namespace ptpcam

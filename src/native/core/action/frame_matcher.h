// Which action command a frame answers. Actions go out one at a time (the next only after every camera's frame
// of the last one, or its timeout), so a frame normally belongs to the open action. A frame can still be late
// (its action already timed out) or a camera can skip an action; then order alone would shift every later
// frame by one. So each frame is placed by the camera's own clock: the time since the camera's last placed
// frame, compared with the time between the host's sends of the candidate actions. Candidates are at least one
// sample interval apart, trigger jitter is microseconds. Block ids (consecutive per camera) count frames the
// stream lost on the way. Pure logic, no threads: the engine calls it under its lock.
#pragma once

#include <cstdint>
#include <vector>

namespace ptpcam {

struct MatchResult {
  enum Kind { kOpen, kLate, kUnplaced } kind = kUnplaced;
  uint64_t action = 0;       // the action the frame answers (kOpen / kLate)
  uint64_t lost_before = 0;  // frames the block ids say went missing since the last one
};

class FrameMatcher {
 public:
  // sends: host CLOCK_REALTIME of each action sent so far, by index (the engine keeps the recent ones);
  // has_open / open: the action currently waiting for frames.
  MatchResult Place(uint64_t block_id, int64_t camera_ns, const std::vector<int64_t>& sends, uint64_t first_index,
                    bool has_open, uint64_t open);

 private:
  bool anchored_ = false;
  uint64_t anchor_action_ = 0;
  int64_t anchor_ns_ = 0;
  uint64_t last_block_ = 0;
};

}  // namespace ptpcam

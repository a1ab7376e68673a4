#include "frame_matcher.h"

namespace ptpcam {

MatchResult FrameMatcher::Place(uint64_t block_id, int64_t camera_ns, const std::vector<int64_t>& sends,
                                uint64_t first_index, bool has_open, uint64_t open) {
  MatchResult r;
  // GigE Vision 1.x block ids are 16 bits and skip 0 when they wrap; a smaller id is a wrap, not a loss.
  if (last_block_ != 0 && block_id > last_block_ + 1) r.lost_before = block_id - last_block_ - 1;
  last_block_ = block_id;
  if (sends.empty()) return r;
  const uint64_t newest = first_index + sends.size() - 1;

  uint64_t m = 0;
  if (!anchored_ || anchor_action_ < first_index || anchor_action_ > newest) {
    // Nothing to measure from: the first frame of the run (or the camera was silent for longer than the engine
    // remembers sends) answers the action that is waiting, else the last one sent.
    m = has_open ? open : newest;
  } else {
    if (anchor_action_ == newest) return r;  // a second frame for one action: not ours to place
    const int64_t elapsed = camera_ns - anchor_ns_;
    const int64_t base = sends[anchor_action_ - first_index];
    uint64_t best = 0;
    int64_t best_err = 0;
    for (uint64_t a = anchor_action_ + 1; a <= newest; ++a) {
      int64_t err = elapsed - (sends[a - first_index] - base);
      if (err < 0) err = -err;
      if (a == anchor_action_ + 1 || err < best_err) {
        best = a;
        best_err = err;
      }
    }
    m = best;
  }
  anchored_ = true;
  anchor_action_ = m;
  anchor_ns_ = camera_ns;
  r.action = m;
  r.kind = has_open && m == open ? MatchResult::kOpen : MatchResult::kLate;
  return r;
}

}  // namespace ptpcam

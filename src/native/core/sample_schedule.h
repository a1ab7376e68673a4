// When a run's next sample is due and when its batch goes to the reader: the pacing both engines (latch, action)
// share, on their coordinator thread.
#pragma once

#include <algorithm>
#include <cstdint>

namespace ptpcam {

class SampleSchedule {
 public:
  SampleSchedule(int64_t interval_ns, uint32_t batch_size, int64_t batch_max_age_ns, int64_t now)
      : interval_ns_(interval_ns), batch_size_(batch_size), batch_max_age_ns_(batch_max_age_ns), target_(now),
        batch_started_(now) {}

  // The instant (monotonic) the next sample is due.
  int64_t target() const { return target_; }

  // After a sample that left `batch_count` samples in the batch: schedules the next one and says whether the batch
  // is full or old enough to hand to the reader now. A late sample does not make the next ones bunch up: the
  // schedule restarts from `now`.
  bool SampleDone(uint32_t batch_count, int64_t now) {
    target_ = std::max(target_ + interval_ns_, now);
    if (batch_count < batch_size_ && now - batch_started_ < batch_max_age_ns_) return false;
    batch_started_ = now;
    return true;
  }

 private:
  int64_t interval_ns_;
  uint32_t batch_size_;
  int64_t batch_max_age_ns_;
  int64_t target_;
  int64_t batch_started_;
};

}  // namespace ptpcam

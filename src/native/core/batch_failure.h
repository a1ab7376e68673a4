// One failed cell of an engine's column-major batch (latch or action): which sample of the batch, which camera,
// and the message; the code is in the batch's own `codes` column.
#pragma once

#include <cstdint>
#include <string>

namespace ptpcam {

struct BatchFailure {
  uint32_t sample_offset;
  uint32_t camera;
  std::string message;
};

}  // namespace ptpcam

// The residual a locked PTP servo leaves on a simulated camera's clock: an Ornstein–Uhlenbeck process (mean 0,
// stationary sigma, correlation time tau), advanced to each instant the clock is read. The camera's clock and
// its reported PtpOffsetFromMaster both carry it, so the servo reports the offset the clock really has.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>

namespace ptpcam {

class ServoWander {
 public:
  ServoWander(double sigma_ns, double tau_s) : sigma_(sigma_ns), tau_ns_(tau_s * 1e9) {}

  /** The residual at host time `at_ns` (monotone calls; an earlier instant returns the current value). */
  double At(int64_t at_ns, std::mt19937_64& rng) {
    if (sigma_ <= 0) return 0;
    std::normal_distribution<double> n(0.0, 1.0);
    if (!started_) {
      started_ = true;
      last_ = at_ns;
      value_ = sigma_ * n(rng);
      return value_;
    }
    if (at_ns <= last_) return value_;
    const double a = std::exp(-static_cast<double>(at_ns - last_) / tau_ns_);
    value_ = value_ * a + sigma_ * std::sqrt(1 - a * a) * n(rng);
    last_ = at_ns;
    return value_;
  }

 private:
  double sigma_;
  double tau_ns_;
  bool started_ = false;
  int64_t last_ = 0;
  double value_ = 0;
};

}  // namespace ptpcam

// The simulated rig, as validated and defaulted by src/cameras/rigFile.ts. Every field has its default there;
// the values here only matter to C++ tests that build a rig by hand.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ptpcam {

// One command's round trip. Most of the time a log-normal around the median; with probability tail_probability
// an extra exponential delay with mean tail_us, the shape of a busy NIC or switch queue.
struct SimLatency {
  double median_us = 150.0;
  double sigma = 0.25;             // log-normal shape
  double tail_probability = 0.01;
  double tail_us = 400.0;
  // Where inside the round trip the camera latches: fraction of the trip before the latch instant.
  double latch_point = 0.5;
  double latch_point_jitter = 0.1;  // uniform +-, so the mean stays at latch_point
};

struct SimFaults {
  int64_t stop_answering_at_sample = -1;  // latch count from which the camera times out
  int64_t sdk_timeout_ms = 200;           // how long a call blocks before an unanswered command fails
  int64_t slow_ms = 0;                    // added to every command: a camera slower than the run's timeout
  bool never_converges = false;           // stays Listening
  int64_t become_master_after_ms = -1;    // after converging as Slave, wins an election
  int64_t faulty_after_ms = -1;           // goes Faulty; toggling PTP off and on clears it
  std::string grandmaster_id;             // follows another grandmaster (non-empty)
  // Action method (sim_action.h):
  int64_t stop_streaming_at_frame = -1;   // frames from this one on (0-based) are never delivered
  double miss_frame_probability = 0.0;    // each triggered frame is lost with this probability
  bool ignore_actions = false;            // as a camera whose device key never matches
};

// How a simulated camera answers GVCP action commands (see sim_action.h).
struct SimActionConfig {
  bool supported = true;            // false: no ActionDeviceKey, and TriggerSource lacks Action1
  double trigger_latency_ns = 1500;  // constant per camera model: command arrival to exposure start
  double trigger_jitter_ns = 20;     // gaussian sigma around it
  double fanout_jitter_ns = 500;     // uniform 0..this: the switch's copy to this port
  uint64_t tick_hz = 1000000000;     // GevTimestampTickFrequency
};

struct SimCameraConfig {
  std::string serial;
  std::string model = "SimCam PTP";
  std::string vendor = "ptpcam-sim";
  std::string interface_name = "sim0";
  int64_t offset_ns = 0;
  double drift_ppb = 0.0;
  double latch_jitter_ns = 8.0;  // gaussian sigma of the camera's own timestamping
  SimLatency latency;
  std::string features = "ptp";        // "ptp" | "gev1588" | "none"
  // PTP already on and converged when the rig starts, as in a lab where `ptpcam check` ran before.
  bool ptp_enabled = true;
  std::string role = "slave";          // what the PTP state machine converges to: "slave" | "master"
  int64_t listening_ms = 300;
  int64_t uncalibrated_ms = 700;
  int64_t enable_latency_ms = 0;       // cost of writing PtpEnable
  double servo_offset_ns = 40.0;       // magnitude of PtpOffsetFromMaster once locked
  SimFaults faults;
  SimActionConfig action;
};

struct SimRig {
  // The simulated host ptp4l: a rig-wide grandmaster every well-behaved camera follows.
  std::string host_clock_id = "0a0b0c.fffe.0d0e0f";
  std::string host_role = "grandmaster";  // "grandmaster" | "slave" | "none"
  // When host_role is "slave": the outside grandmaster the host and its cameras follow.
  std::string outside_grandmaster_id = "5c1a5c.fffe.000001";
  uint64_t seed = 1;
  std::vector<SimCameraConfig> cameras;
};

}  // namespace ptpcam

// ActionEngine triggers every camera with one GVCP ACTION_CMD per sample and collects the frame each camera
// takes, so each sample's values are the cameras' own clocks at one physical instant. Threads: one coordinator
// ("ptpcam-action") that sends and closes samples, one collector per camera ("ptpcam-frames-N") that starts the
// camera's stream, waits for frames and stops the stream; all named, stopped by atomic flags and joined by the
// coordinator, which Join() waits for. Unlike the latch engine no host timing enters the values: the host's
// send instant only labels the sample, so the threads need no spinning. A camera without a frame for a sample
// is named with kFrameMissed for that sample; the other cameras are still compared.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "action_sender.h"
#include "action_targets.h"
#include "action_types.h"
#include "frame_matcher.h"

namespace ptpcam {

class ActionEngine {
 public:
  ActionEngine(ActionOptions options, ActionSink* sink);
  ~ActionEngine();
  ActionEngine(const ActionEngine&) = delete;
  ActionEngine& operator=(const ActionEngine&) = delete;

  // Plans where packets go (no SDK call, no blocking); an error leaves nothing started.
  CamError Prepare();
  void Start();
  // Finish the sample in progress, deliver everything measured, then end.
  void RequestStop();
  // For environment teardown: stop, and stop waiting for a reader that is gone.
  void Abandon();
  void Join();
  bool finished() const { return finished_.load(std::memory_order_acquire); }

  static int LiveThreads();

 private:
  struct Cam {
    std::thread thread;
    FrameMatcher matcher;                      // under mu_
    std::shared_ptr<ActionReceiver> receiver;  // simulated cameras only
    uint32_t ip = 0;                           // network byte order; 0 for in-process cameras
    size_t destination = 0;
    // Under mu_:
    bool started = false;
    CamError start_error;
    bool has_frame = false;
    FrameInfo frame;
    CamError stream_error;  // the last error WaitFrame gave (camera lost), named in missed samples
    uint64_t late = 0;
    uint64_t lost = 0;
    CamError stop_error;  // StopFrames: the stream's settings could not all be put back
  };

  void CoordinatorMain();
  void CollectorMain(size_t index);
  bool WaitCollectorsStarted(CamError* error);
  void RunSample(uint64_t k, ActionBatch& batch);
  void SleepInterruptibly(int64_t until_mono);
  bool Flush(std::unique_ptr<ActionBatch>& batch, uint64_t next_index);
  void StopCollectors();

  ActionOptions opt_;
  ActionSink* sink_;
  std::vector<ActionDestination> destinations_;
  std::vector<std::unique_ptr<Cam>> cams_;
  ActionSender sender_;
  std::thread coordinator_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool has_open_ = false;       // under mu_
  uint64_t open_ = 0;           // under mu_
  size_t pending_ = 0;          // under mu_: cameras still without a frame for the open action
  std::vector<int64_t> sends_;  // under mu_: send instants of actions sends_first_ ...
  uint64_t sends_first_ = 0;

  std::atomic<bool> stop_{false};
  std::atomic<bool> abandon_{false};
  std::atomic<bool> collectors_stop_{false};
  std::atomic<bool> finished_{false};
  bool joined_ = false;
};

}  // namespace ptpcam

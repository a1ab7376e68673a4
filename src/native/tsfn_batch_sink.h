// The one way an engine's output reaches JS: batches and the final event go through the engine state's
// thread-safe function, never by touching JS from a native thread, and at most kMaxUnread batches run ahead of
// the reader (beyond that the engine's thread waits, so a reader that falls behind slows the run instead of
// growing memory without bound). Shared by the latch and action engine wraps.
//
// State needs `tsfn`, `sink` (this type) and `engine` (with RequestStop()). On the JS thread each event becomes
// one call of the listener with BatchToJs(env, batch) or DoneToJs(env, done), free functions the wrap defines;
// JsGone(state) says the environment is being torn down and no JS may run.
#pragma once

#include <napi.h>

#include <atomic>
#include <cstdint>
#include <memory>

#include "core/clock.h"
#include "core/futex.h"

namespace ptpcam {

template <typename Interface, typename State, typename Batch, typename Done>
class TsfnBatchSink : public Interface {
 public:
  struct Event {
    State* state;
    std::unique_ptr<Batch> batch;  // null for the final event
    Done done;
  };
  static constexpr uint32_t kMaxUnread = 8;

  explicit TsfnBatchSink(State* state) : state_(state) {}

  bool Deliver(std::unique_ptr<Batch> batch) override {
    for (;;) {
      if (abandoned_.load()) return false;
      const uint32_t n = unread_.load();
      if (n < kMaxUnread) break;
      // Bounded: an Abandon() that lands between the check above and this wait does not change the word.
      FutexWait(&unread_, n, 5LL * 1000000LL);
    }
    unread_.fetch_add(1);
    auto* event = new Event{state_, std::move(batch), {}};
    if (state_->tsfn.NonBlockingCall(event, CallJs) != napi_ok) {
      unread_.fetch_sub(1);
      delete event;
      return false;
    }
    return true;
  }

  void Finish(const Done& done) override {
    auto* event = new Event{state_, nullptr, done};
    if (state_->tsfn.NonBlockingCall(event, CallJs) != napi_ok) delete event;
    state_->tsfn.Release();
  }

  // Returns once the reader has processed every delivered batch, or at the monotonic deadline (the latch
  // engine's release waits for a busy reader: on 2 cores it would take a CPU from the fire threads).
  void WaitReaderIdle(int64_t deadline_mono_ns) {
    for (;;) {
      const uint32_t n = unread_.load();
      if (n == 0 || abandoned_.load()) return;
      const int64_t left = deadline_mono_ns - MonotonicNs();
      if (left <= 0) return;
      FutexWait(&unread_, n, left);
    }
  }

  // The reader is gone for good: nothing waits for it any more.
  void Abandon() {
    abandoned_.store(true);
    FutexWakeAll(&unread_);
  }

 private:
  // On the JS thread once a batch has been handed to the listener (or dropped).
  void Processed() {
    unread_.fetch_sub(1);
    FutexWakeAll(&unread_);
  }

  static void CallJs(Napi::Env env, Napi::Function callback, Event* event) {
    std::unique_ptr<Event> owned(event);
    struct CountProcessed {
      TsfnBatchSink* sink;
      ~CountProcessed() {
        if (sink) sink->Processed();
      }
    } counted{event->batch ? event->state->sink.get() : nullptr};
    if (env == nullptr || callback.IsEmpty() || JsGone(*event->state)) return;
    Napi::Object arg = event->batch ? BatchToJs(env, *event->batch) : DoneToJs(env, event->done);
    try {
      callback.Call({arg});
    } catch (const Napi::Error& e) {
      // A throwing listener must not leave the engine running into the void: stop it and raise the error as an
      // ordinary uncaught exception (Node-API would otherwise only print a warning for this module version).
      if (event->state->engine) event->state->engine->RequestStop();
      napi_fatal_exception(env, e.Value());
    }
  }

  State* state_;
  std::atomic<uint32_t> unread_{0};  // futex word
  std::atomic<bool> abandoned_{false};
};

// The engine wraps' stop(): ask for a graceful end (the sample in progress finishes, everything is delivered).
template <typename State>
Napi::Value StopEngine(const Napi::CallbackInfo& info, State& s) {
  if (s.engine) s.engine->RequestStop();
  return info.Env().Undefined();
}

// The engine wraps' close(): stop, and a promise the TSFN finalizer settles once every native thread is joined.
template <typename State>
Napi::Value CloseEngine(const Napi::CallbackInfo& info, State& s) {
  auto deferred = Napi::Promise::Deferred::New(info.Env());
  if (s.finalized) {
    deferred.Resolve(info.Env().Undefined());
  } else {
    s.engine->RequestStop();
    s.closers.push_back(deferred);
  }
  return deferred.Promise();
}

}  // namespace ptpcam

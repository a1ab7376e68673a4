// The action-command method's N-API surface, thin over core/action:
//   new ActionEngine(handles, options, onEvent)  starts a run; batches and the final 'done' event reach onEvent
//                                                 through a thread-safe function; stop(), close() as LatchEngine.
//   actionFeatureCall(handle, ops) -> Promise     enum/int setters, entries, ranges and access for arming.
//   sendActionCommand(options) -> result          one ACTION_CMD (tests, bench): bytes on the wire + send stamps.
//   actionThreads() -> number                     native threads of action engines alive (teardown tests).
#pragma once

#include <napi.h>

#include <memory>

namespace ptpcam {

struct ActionEngineState;

class ActionEngineWrap : public Napi::ObjectWrap<ActionEngineWrap> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit ActionEngineWrap(const Napi::CallbackInfo& info);
  ~ActionEngineWrap() override;

 private:
  Napi::Value Stop(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);

  std::shared_ptr<ActionEngineState> state_;
};

Napi::Value ActionFeatureCall(const Napi::CallbackInfo& info);
Napi::Value SendActionCommand(const Napi::CallbackInfo& info);
Napi::Value ActionThreads(const Napi::CallbackInfo& info);

}  // namespace ptpcam

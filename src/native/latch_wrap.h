// LatchEngine as a JS class: new LatchEngine(handles, options, onEvent) starts sampling at once; batches and
// the final 'done' event reach onEvent through a thread-safe function, never by touching JS from a native
// thread. stop() asks for a graceful end; close() also resolves once every native thread has been joined.
#pragma once

#include <napi.h>

#include <memory>

namespace ptpcam {

struct EngineState;

class LatchEngineWrap : public Napi::ObjectWrap<LatchEngineWrap> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit LatchEngineWrap(const Napi::CallbackInfo& info);
  ~LatchEngineWrap() override;

 private:
  Napi::Value Stop(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);

  std::shared_ptr<EngineState> state_;
};

// The environment cleanup hook's part: stop and join an engine whose environment is going away.
void TeardownEngine(EngineState& state);

}  // namespace ptpcam

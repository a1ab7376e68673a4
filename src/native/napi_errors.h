// The one error factory of the addon: every error JS sees carries a stable string `code` and the SDK's own
// number `sdkCode`; src/errors.ts gives them meaning.
#pragma once

#include <napi.h>

#include "core/camera_driver.h"

namespace ptpcam {

Napi::Error MakeError(Napi::Env env, const CamError& error);
// A CamError as plain data, for per-operation results that are not exceptions.
Napi::Object ErrorObject(Napi::Env env, const CamError& error);

}  // namespace ptpcam

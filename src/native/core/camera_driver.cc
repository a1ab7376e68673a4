#include "camera_driver.h"

namespace ptpcam {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kNone: return "OK";
    case ErrorCode::kNotFound: return "ERR_CAMERA_NOT_FOUND";
    case ErrorCode::kTimeout: return "ERR_CAMERA_TIMEOUT";
    case ErrorCode::kAccessDenied: return "ERR_CAMERA_ACCESS_DENIED";
    case ErrorCode::kFeatureMissing: return "ERR_FEATURE_MISSING";
    case ErrorCode::kSdkMissing: return "ERR_SDK_MISSING";
    case ErrorCode::kSdkError: return "ERR_SDK";
    case ErrorCode::kClosed: return "ERR_CAMERA_CLOSED";
    case ErrorCode::kTypeMismatch: return "ERR_FEATURE_TYPE";
    case ErrorCode::kInvalidArgument: return "ERR_INVALID_ARGUMENT";
    case ErrorCode::kFrameMissed: return "ERR_FRAME_MISSED";
  }
  return "ERR_SDK";
}

}  // namespace ptpcam

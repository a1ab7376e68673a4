// EVERYTHING the IC4 driver assumes without a confirmed source lives in this file (see shared notes
// ic4-c-api.md, "Unconfirmed / gaps"). When a lab machine with the real SDK shows otherwise, change it here only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ic4_api.h"

namespace ptpcam {
namespace ic4 {
namespace unconfirmed {

// Only "libic4core.so" is confirmed (the Python package's loader). The versioned soname is a guess; so is the
// install directory, which is why nothing but the dynamic linker's search path is tried.
inline std::vector<std::string> DefaultLibraryNames() { return {"libic4core.so", "libic4core.so.1"}; }

// Package names are our best reading of The Imaging Source's Linux download (ic4.tar.gz holding .debs, per
// ic4-examples cpp/README.md); the exact package names are NOT confirmed.
inline const char* InstallHint() {
  return "install IC Imaging Control 4 for Linux from The Imaging Source (the .deb packages in ic4.tar.gz: the "
         "IC4 SDK, which provides libic4core, plus the GigE Vision driver/GenTL producer for your cameras; "
         "package names such as ic4-sdk / ic4-driver are unconfirmed), or point PTPCAM_IC4_LIBRARY or the "
         "library-path option at libic4core.so";
}

// The official example passes NULL, which the header does not document; a zeroed struct (logging off, reserved 0)
// is the documented shape, so that is what we pass.
inline IC4_INIT_CONFIG InitConfig() { return IC4_INIT_CONFIG{0, 0, 0, nullptr, 0}; }

// Whether a second ic4_init_library is refcounted, or allowed at all after ic4_exit_library, is unconfirmed (the
// Python binding never calls it twice), so the driver calls it once per process and ic4_exit_library at process
// exit (ic4_driver.cc). The stand-in refuses a second init, so a regression shows in the tests.

// IC4's device info has no vendor getter; IC4 only drives The Imaging Source cameras.
inline const char* Vendor() { return "The Imaging Source"; }

// Which IC4_ERROR a GigE camera held by another application produces on ic4_grabber_device_open or on a write
// is unconfirmed. GENICAM_ACCESS_DENIED is mapped to kAccessDenied; this text is added to it so the user sees the
// likely cause.
inline const char* AccessDeniedHint() {
  return "access denied (another application may control the camera, or the feature is not writable now)";
}

// The TimestampLatchValue unit on TIS cameras (ns per user code) is unconfirmed; the driver passes the raw 64 bits
// on and leaves units to the analysis layer.

// Threading: only the thread-local last error is documented. Calls on one grabber are serialised by
// CameraRegistry; different grabbers are used from different threads in parallel, which is not documented as
// safe either. If a real SDK misbehaves, a process-wide mutex around every call goes in ic4_driver.cc's Call().
constexpr bool kSerializeAllCalls = false;

// --- Action method (ic4_action.h) -------------------------------------------------------------------------------
// Every prototype and struct layout in ic4_action.h comes from ic4-rs's bindgen output of the IC4 headers, not from
// a Linux libic4core; the symbol names are therefore unconfirmed, and a library lacking one only disables the
// action method (the missing names are reported).
// IC4_FRAME_METADATA.device_timestamp_ns is taken to be the GVSP leader timestamp converted to ns by the SDK
// (its name says ns; whether it applies GevTimestampTickFrequency with the exact floor rule Aravis uses is
// unconfirmed). The driver hands it on as ns.
constexpr bool kDeviceTimestampIsNs = true;
// device_frame_number is taken to be the GVSP block id (consecutive per frame).
// The camera's IPv4 address (action commands are sent to it or its subnet) is read from the SFNC feature
// GevCurrentIPAddress (an integer, most significant byte first); IC4's device info has no address getter.
inline const char* IpAddressFeature() { return "GevCurrentIPAddress"; }
// A queue sink's output is polled (ic4_queuesink_pop_output_buffer fails with IC4_ERROR_NO_DATA when empty)
// at this interval rather than through the frames_queued callback, so no callback layout is relied on.
constexpr int64_t kQueuePollNs = 200LL * 1000;
// The sink buffers: the SDK allocates what the device needs when the config's allocator is all-null and no
// sink_connected callback allocates them (the header's note on IC4_QUEUESINK_CALLBACKS.sink_connected reads so).
// ic4_grabber_stream_setup(..., start_acquisition = true) is documented as executing AcquisitionStart; that
// ic4_grabber_stream_stop also stops acquisition is not documented, so StopFrames executes AcquisitionStop itself
// (a failure there is reported, the stream is still stopped).
// For a GigE Vision camera the SDK's GenTL producer presumably aims the camera's stream channel (GevSCDA,
// GevSCPHostPort, GevSCPSPacketSize) when the stream is set up, as Aravis does (src/native/core/aravis/
// stream_channel_snapshot.h). Whether IC4 writes those registers, and whether it puts them back at
// ic4_grabber_stream_stop, is unconfirmed: the confirmed C API has no raw register access, and the driver does not
// touch them. To check on a lab machine with the SDK: read the camera's bootstrap registers 0x0D00/0x0D04/0x0D18
// from another GVCP client before and after a run (test/lab/streamRegisters.ts does this for the virtual cameras).
//
// Only OUR side of these assumptions is exercised by the tests: test/native/ic4-standin/ implements the names and
// layouts above the way this file reads them, and test/e2e/ic4Action.test.ts runs the action method through it.
// A real libic4core may differ in any of them.

}  // namespace unconfirmed
}  // namespace ic4
}  // namespace ptpcam

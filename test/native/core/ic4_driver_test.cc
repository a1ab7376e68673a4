// IC4 driver without Node, against libic4core-standin.so (argv[1]) loaded through the driver's own dlopen path.
#include <dlfcn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <thread>
#include <vector>

#include "driver_factory.h"
#include "tap.h"

using namespace ptpcam;
using taptest::Describe;
using taptest::IsCode;
using taptest::Ok;

namespace {

struct Hooks {
  int (*init_calls)(void);
  int (*exit_calls)(void);
  int (*live_objects)(void);
  bool (*get_last_error)(int*, char*, size_t*);
};

Hooks LoadHooks(const std::string& path) {
  void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  Hooks k{};
  k.init_calls = reinterpret_cast<int (*)(void)>(dlsym(h, "ic4_standin_init_calls"));
  k.exit_calls = reinterpret_cast<int (*)(void)>(dlsym(h, "ic4_standin_exit_calls"));
  k.live_objects = reinterpret_cast<int (*)(void)>(dlsym(h, "ic4_standin_live_objects"));
  k.get_last_error = reinterpret_cast<bool (*)(int*, char*, size_t*)>(dlsym(h, "ic4_get_last_error"));
  return k;
}

uint64_t RealtimeNs() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

void MissingLibrary() {
  std::shared_ptr<CameraDriver> d;
  CamError e = CreateIc4Driver("/nonexistent/libic4core.so", &d);
  IsCode(e, ErrorCode::kSdkMissing, "missing library path");
  Ok(e.message.find("/nonexistent/libic4core.so") != std::string::npos &&
         e.message.find("IC Imaging Control 4") != std::string::npos,
     "message names the library and the SDK", e.message);
  Ok(d == nullptr, "no driver on failure");

  setenv("PTPCAM_IC4_LIBRARY", "/nonexistent/from-env.so", 1);
  e = CreateIc4Driver("", &d);
  IsCode(e, ErrorCode::kSdkMissing, "PTPCAM_IC4_LIBRARY pointing nowhere");
  Ok(e.message.find("from-env.so (from PTPCAM_IC4_LIBRARY)") != std::string::npos, "message names the env var",
     e.message);
  unsetenv("PTPCAM_IC4_LIBRARY");

  void* real = dlopen("libic4core.so", RTLD_NOW | RTLD_LOCAL);
  if (real == nullptr) real = dlopen("libic4core.so.1", RTLD_NOW | RTLD_LOCAL);
  if (real == nullptr) {
    e = CreateIc4Driver("", &d);
    IsCode(e, ErrorCode::kSdkMissing, "no IC4 installed: default sonames");
    Ok(e.message.find("libic4core.so or libic4core.so.1") != std::string::npos, "message lists both sonames",
       e.message);
  } else {
    taptest::Skip("default sonames missing", "a real libic4core is installed here");
  }

  e = CreateIc4Driver("libm.so.6", &d);
  IsCode(e, ErrorCode::kSdkMissing, "library without IC4 symbols");
  Ok(e.message.find("ic4_init_library") != std::string::npos, "message lists missing symbols", e.message);
}

void LatchWithin(Camera* cam, int64_t offset_ns, const std::string& what) {
  CamError e = cam->PrepareLatch();
  Ok(e.ok(), what + ": PrepareLatch", Describe(e));
  const uint64_t before = RealtimeNs() + static_cast<uint64_t>(offset_ns);
  e = cam->FireLatch();
  const uint64_t after = RealtimeNs() + static_cast<uint64_t>(offset_ns);
  uint64_t v = 0;
  CamError r = cam->ReadLatch(&v);
  Ok(e.ok() && r.ok() && v >= before && v <= after, what + ": latched value lies between the host reads",
     Describe(e) + " " + Describe(r) + " v=" + std::to_string(v) + " [" + std::to_string(before) + "," +
         std::to_string(after) + "]");
}

void Standin(const std::string& path) {
  const Hooks hooks = LoadHooks(path);
  Ok(hooks.init_calls != nullptr && hooks.get_last_error != nullptr, "stand-in hooks resolve");
  setenv("IC4_STANDIN_CAMERAS",
         "S1:DFK 33GR0234:0,S2:DFK 33GX546:-2500000000,S3:DFK 37AUX178:0:nolatch,S4:DFK 33GR0234:0:denied,"
         "S5:DFK 33GR0234:0:timeout",
         1);
  setenv("IC4_STANDIN_SETTLE_MS", "150", 1);
  setenv("PTPCAM_IC4_LIBRARY", path.c_str(), 1);

  std::shared_ptr<CameraDriver> driver, second;
  CamError e = CreateIc4Driver("", &driver);
  Ok(e.ok() && driver != nullptr, "load the stand-in through PTPCAM_IC4_LIBRARY", Describe(e));
  if (!e.ok()) return;
  unsetenv("PTPCAM_IC4_LIBRARY");
  e = CreateIc4Driver(path, &second);
  Ok(e.ok(), "second driver through the library-path option", Describe(e));
  Ok(hooks.init_calls() == 1, "ic4_init_library called once for two drivers",
     "init calls " + std::to_string(hooks.init_calls()));
  Ok(std::string(driver->name()) == "ic4", "driver name");

  std::vector<DeviceInfo> list;
  e = driver->List(&list);
  Ok(e.ok() && list.size() == 5, "List returns the five configured cameras", Describe(e));
  if (list.size() == 5) {
    Ok(list[1].serial == "S2" && list[1].model == "DFK 33GX546" && list[1].vendor == "The Imaging Source" &&
           list[1].interface_name == "standin0" && list[1].id == "DFK 33GX546 S2",
       "DeviceInfo fields", list[1].serial + "|" + list[1].model + "|" + list[1].interface_name + "|" + list[1].id);
  }

  std::unique_ptr<Camera> s1, s2, s3, s4, s5;
  e = driver->Open("NOPE", &s1);
  IsCode(e, ErrorCode::kNotFound, "Open unknown serial");
  IsCode(driver->Open("", &s1), ErrorCode::kInvalidArgument, "Open empty serial");
  e = driver->Open("S1", &s1);
  Ok(e.ok() && s1 != nullptr, "Open S1", Describe(e));
  if (!s1) return;
  Ok(s1->info().serial == "S1", "info() of the open camera");

  Ok(s1->HasFeature("PtpEnable"), "HasFeature PtpEnable");
  Ok(!s1->HasFeature("NoSuchFeature"), "HasFeature unknown is false");
  bool b = true;
  e = s1->GetBool("PtpEnable", &b);
  Ok(e.ok() && !b, "GetBool PtpEnable starts false", Describe(e));
  std::string status;
  e = s1->GetEnum("PtpStatus", &status);
  Ok(e.ok() && status == "Disabled", "GetEnum PtpStatus = Disabled", Describe(e) + " " + status);
  e = s1->SetBool("PtpEnable", true);
  Ok(e.ok(), "SetBool PtpEnable true", Describe(e));
  e = s1->GetBool("PtpEnable", &b);
  Ok(e.ok() && b, "GetBool PtpEnable reads back true", Describe(e));
  e = s1->GetEnum("PtpStatus", &status);
  Ok(e.ok() && status == "Listening", "PtpStatus Listening right after enabling", Describe(e) + " " + status);
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  e = s1->GetEnum("PtpStatus", &status);
  Ok(e.ok() && status == "Slave", "PtpStatus Slave after settling", Describe(e) + " " + status);

  int64_t v = 0;
  e = s1->GetInt("Width", &v);
  Ok(e.ok() && v == 1920, "GetInt Width", Describe(e));
  e = s1->GetBool("NoSuchFeature", &b);
  IsCode(e, ErrorCode::kFeatureMissing, "GetBool unknown");
  Ok(e.sdk_code == 101 && e.message.find("Feature not found") != std::string::npos,
     "sdk_code 101 and the IC4 message", Describe(e));
  e = s1->GetInt("PtpStatus", &v);
  IsCode(e, ErrorCode::kTypeMismatch, "GetInt on an enumeration");
  Ok(e.sdk_code == 103, "sdk_code 103", Describe(e));
  IsCode(s1->Execute("PtpEnable"), ErrorCode::kTypeMismatch, "Execute on a boolean");
  IsCode(s1->Execute("NoSuchCommand"), ErrorCode::kFeatureMissing, "Execute unknown");
  IsCode(s1->GetEnum("NoSuchFeature", &status), ErrorCode::kFeatureMissing, "GetEnum unknown");
  IsCode(s1->SetBool("PtpStatus", true), ErrorCode::kAccessDenied, "SetBool on a read-only enumeration");
  e = s1->Execute("TimestampLatch");
  Ok(e.ok(), "Execute TimestampLatch", Describe(e));
  LatchWithin(s1.get(), 0, "S1");

  Ok(driver->Open("S2", &s2).ok() && s2, "Open S2");
  if (s2) LatchWithin(s2.get(), -2500000000LL, "S2 (offset -2.5 s)");

  Ok(driver->Open("S3", &s3).ok() && s3, "Open S3 (no latch)");
  if (s3) {
    Ok(!s3->HasFeature("TimestampLatch"), "S3 HasFeature TimestampLatch is false");
    e = s3->PrepareLatch();
    IsCode(e, ErrorCode::kFeatureMissing, "S3 PrepareLatch");
    uint64_t u = 0;
    IsCode(s3->ReadLatch(&u), ErrorCode::kFeatureMissing, "S3 ReadLatch");
  }

  Ok(second->Open("S4", &s4).ok() && s4, "Open S4 (denied) through the second driver");
  if (s4) {
    e = s4->SetBool("PtpEnable", true);
    IsCode(e, ErrorCode::kAccessDenied, "S4 SetBool");
    Ok(e.sdk_code == 106 && e.message.find("another application") != std::string::npos,
       "sdk_code 106 and a message naming the likely cause", Describe(e));
    IsCode(s4->FireLatch(), ErrorCode::kAccessDenied, "S4 FireLatch");
    Ok(s4->GetBool("PtpEnable", &b).ok(), "S4 can still read");
  }

  Ok(driver->Open("S5", &s5).ok() && s5, "Open S5 (timeout)");
  if (s5) {
    e = s5->GetBool("PtpEnable", &b);
    IsCode(e, ErrorCode::kTimeout, "S5 GetBool");
    Ok(e.sdk_code == 27, "sdk_code 27", Describe(e));
  }

  // The last error lives in the failing thread: the driver must read it there, and another thread's errors
  // must never leak into this thread's result.
  if (s3 && s5) {
    std::atomic<int> wrong{0};
    std::thread a([&] {
      for (int i = 0; i < 2000; ++i) {
        if (s3->PrepareLatch().code != ErrorCode::kFeatureMissing) ++wrong;
      }
    });
    std::thread c([&] {
      bool x = false;
      for (int i = 0; i < 2000; ++i) {
        if (s5->GetBool("PtpEnable", &x).code != ErrorCode::kTimeout) ++wrong;
      }
    });
    a.join();
    c.join();
    Ok(wrong.load() == 0, "parallel failures on two threads keep their own error codes",
       std::to_string(wrong.load()) + " wrong");
    s5->GetBool("PtpEnable", &b);  // leaves TIMEOUT in this thread
    int other_code = -1;
    std::thread t([&] {
      size_t n = 0;
      hooks.get_last_error(&other_code, nullptr, &n);
    });
    t.join();
    Ok(other_code == 0, "a fresh thread sees no last error", std::to_string(other_code));
  }

  // Close, then use.
  s1->Close();
  s1->Close();
  IsCode(s1->GetBool("PtpEnable", &b), ErrorCode::kClosed, "GetBool after Close");
  uint64_t u = 0;
  IsCode(s1->ReadLatch(&u), ErrorCode::kClosed, "ReadLatch after Close");
  Ok(!s1->HasFeature("PtpEnable"), "HasFeature after Close is false");

  // A camera reopened later sees the camera's state (PTP stays enabled on the device).
  e = driver->Open("S1", &s1);
  Ok(e.ok() && s1->GetBool("PtpEnable", &b).ok() && b, "reopen S1: PtpEnable still true on the camera", Describe(e));

  // Another copy of the library while this one is in use is refused.
  const std::string copy = path + ".copy.so";
  {
    std::ifstream src(path, std::ios::binary);
    std::ofstream dst(copy, std::ios::binary);
    dst << src.rdbuf();
  }
  std::shared_ptr<CameraDriver> other;
  IsCode(CreateIc4Driver(copy, &other), ErrorCode::kInvalidArgument, "a second, different IC4 library");
  std::remove(copy.c_str());

  // A camera removed from the network is not found any more.
  setenv("IC4_STANDIN_CAMERAS", "S2:DFK 33GX546:0", 1);
  std::unique_ptr<Camera> gone;
  IsCode(driver->Open("S1", &gone), ErrorCode::kNotFound, "Open a camera that left the network");

  // Drivers and cameras come and go; the library stays initialised for the whole process.
  driver.reset();
  second.reset();
  s1.reset();
  s2.reset();
  s3.reset();
  s4.reset();
  s5.reset();
  Ok(hooks.exit_calls() == 0, "no ic4_exit_library while the process runs, even with no driver or camera left",
     "exit calls " + std::to_string(hooks.exit_calls()));
  Ok(hooks.live_objects() == 0, "every IC4 object was unref'd", std::to_string(hooks.live_objects()) + " alive");

  e = CreateIc4Driver(path, &driver);
  Ok(e.ok() && hooks.init_calls() == 1, "a new driver reuses the one ic4_init_library of the process",
     Describe(e) + " init calls " + std::to_string(hooks.init_calls()));
  if (!e.ok()) return;
  e = driver->List(&list);
  Ok(e.ok() && list.size() == 1, "and works", Describe(e));

  // ic4_devenum_get_device_count returns 0 on error too: the driver asks the last error which it was.
  setenv("IC4_STANDIN_COUNT_ERROR", "1", 1);
  e = driver->List(&list);
  IsCode(e, ErrorCode::kSdkError, "List: device count 0 with a last error");
  Ok(e.sdk_code == 6 && e.message.find("ic4_devenum_get_device_count") != std::string::npos,
     "the error names the call and IC4_ERROR_DRIVER_ERROR", Describe(e));
  std::unique_ptr<Camera> none;
  IsCode(driver->Open("S2", &none), ErrorCode::kSdkError, "Open: device count 0 with a last error is not 'not found'");
  unsetenv("IC4_STANDIN_COUNT_ERROR");
  setenv("IC4_STANDIN_CAMERAS", "", 1);
  e = driver->List(&list);
  Ok(e.ok() && list.empty(), "no camera at all is an empty list, not an error", Describe(e));

  // The stand-in holds the driver to "init once per process".
  auto init = reinterpret_cast<bool (*)(const void*)>(dlsym(dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL), "ic4_init_library"));
  int code = 0;
  size_t len = 0;
  Ok(init != nullptr && !init(nullptr) && hooks.get_last_error(&code, nullptr, &len) && code == 3,
     "stand-in: a second ic4_init_library fails with IC4_ERROR_INVALID_OPERATION", std::to_string(code));

  // ic4_exit_library runs once, at process exit: seen from a forked child that exits normally.
  char report[] = "/tmp/ptpcam-ic4-exit-XXXXXX";
  const int fd = mkstemp(report);
  if (fd >= 0) close(fd);
  std::fflush(stdout);
  const pid_t child = fork();
  if (child == 0) {
    setenv("IC4_STANDIN_EXIT_REPORT", report, 1);
    driver.reset();
    std::exit(0);
  }
  int wstatus = 0;
  waitpid(child, &wstatus, 0);
  std::ifstream in(report);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(report);
  Ok(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0 && all == "exit live_objects=0\n",
     "ic4_exit_library exactly once at process exit, after every IC4 object was released", all);
  driver.reset();
}

// The action method's driver calls against the stand-in, without a network (no ip= flag: no ACTION_CMD listener,
// so no frame ever arrives; test/e2e/ic4Action.test.ts runs the whole method with frames). Only our side of the
// contract: names and layouts as ic4_unconfirmed.h reads them.
void ActionPath(const std::string& path) {
  const Hooks hooks = LoadHooks(path);
  setenv("IC4_STANDIN_CAMERAS", "A1:DFK 33GR0234:0", 1);
  std::shared_ptr<CameraDriver> driver;
  CamError e = CreateIc4Driver(path, &driver);
  Ok(e.ok(), "action: driver", Describe(e));
  if (!e.ok()) return;
  std::unique_ptr<Camera> cam;
  e = driver->Open("A1", &cam);
  Ok(e.ok() && cam, "action: open A1", Describe(e));
  if (!cam) return;

  Ok(cam->FeatureAccess("ActionDeviceKey") == "RW", "action: IC4 reports no write-only, so ActionDeviceKey reads as RW");
  int64_t v = 0;
  IsCode(cam->GetInt("ActionDeviceKey", &v), ErrorCode::kAccessDenied, "action: reading the write-only ActionDeviceKey");
  Ok(cam->FeatureAccess("GevTimestampTickFrequency") == "RO", "action: a read-only feature reads as RO");
  Ok(cam->FeatureAccess("NoSuchFeature") == "NA", "action: an absent feature is NA");
  std::vector<std::string> entries;
  e = cam->GetEnumEntries("TriggerSource", &entries);
  Ok(e.ok() && entries == std::vector<std::string>{"Software", "Line1", "Action1", "Action2"},
     "action: TriggerSource entries through ic4_prop_enum_get_entries / ic4_proplist_*", Describe(e));
  IsCode(cam->GetEnumEntries("Width", &entries), ErrorCode::kTypeMismatch, "action: entries of an integer");
  int64_t mn = 0, mx = 0, inc = 0;
  e = cam->GetIntRange("Width", &mn, &mx, &inc);
  Ok(e.ok() && mn == 16 && mx == 2048 - 64 && inc == 16, "action: Width range through ic4_prop_integer_get_min/max/inc",
     Describe(e) + " " + std::to_string(mn) + ".." + std::to_string(mx) + "/" + std::to_string(inc));
  std::string s;
  Ok(cam->SetEnum("TriggerSelector", "FrameStart").ok() && cam->GetEnum("TriggerSelector", &s).ok() && s == "FrameStart",
     "action: SetEnum through ic4_propmap_set_value_string reads back");
  e = cam->SetEnum("TriggerMode", "Sometimes");
  Ok(!e.ok() && e.sdk_code == 108, "action: an unknown entry is IC4_ERROR_GENICAM_VALUE_ERROR", Describe(e));
  Ok(cam->SetInt("ActionSelector", 1).ok() && cam->SetInt("ActionGroupKey", 0xFFFFFFFFLL).ok() &&
         cam->GetInt("ActionGroupKey", &v).ok() && v == 0xFFFFFFFFLL,
     "action: SetInt through ic4_propmap_set_value_int64 keeps a 32-bit key");
  e = cam->SetInt("ActionSelector", 3);
  Ok(!e.ok() && e.sdk_code == 108, "action: out of range is IC4_ERROR_GENICAM_VALUE_ERROR", Describe(e));

  e = cam->StartFrames(4);
  Ok(e.ok(), "action: StartFrames (queue sink, stream setup with acquisition)", Describe(e));
  IsCode(cam->SetInt("Width", 640), ErrorCode::kAccessDenied, "action: the image format is locked while acquiring");
  FrameInfo f;
  IsCode(cam->WaitFrame(5000000, &f), ErrorCode::kTimeout, "action: no action, no frame (IC4_ERROR_NO_DATA polled)");
  e = cam->StartFrames(4);
  Ok(e.ok(), "action: StartFrames again restarts the stream", Describe(e));
  e = cam->StopFrames();
  Ok(e.ok(), "action: StopFrames", Describe(e));
  Ok(cam->SetInt("Width", 640).ok(), "action: StopFrames stopped acquisition itself (the image format is writable)");
  IsCode(cam->WaitFrame(1000000, &f), ErrorCode::kClosed, "action: WaitFrame after StopFrames");
  Ok(cam->StopFrames().ok(), "action: a second StopFrames is a no-op");
  Ok(cam->StartFrames(4).ok(), "action: a stream left running...");
  cam->Close();
  cam.reset();
  driver.reset();
  Ok(hooks.live_objects() == 0, "action: ...is stopped by Close; every IC4 object released (sinks, buffers)",
     std::to_string(hooks.live_objects()) + " alive");
}

}  // namespace

int main(int argc, char** argv) {
  MissingLibrary();
  if (argc >= 2) {
    Standin(argv[1]);
    ActionPath(argv[1]);
  } else {
    taptest::Skip("IC4 stand-in", "no stand-in path given (run test/native/core/run.sh)");
  }
  return taptest::Finish();
}

// Aravis driver without Node. Always: missing/unusable library -> ERR_SDK_MISSING. When libaravis-0.8 is
// installed: the in-process "Fake" interface (no network) with a GenICam file written here, so every call of the
// driver runs against real Aravis code. With --gv (run inside a network namespace by run.sh, next to
// arv-fake-gv-camera-0.8 on lo): the GigE Vision path, control privilege and access denial.
// With ARV_TEST_CAMERA_SERIAL set: List/Open/PtpStatus/latch against that camera (lab use).
// Always: the stream channel snapshot (what the driver puts back after Aravis' stream) against a register map; the
// lab proves it end to end (test/e2e/actionStreamRestore.lab.test.ts).
#include <dlfcn.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <thread>
#include <vector>

#include "aravis/stream_channel_snapshot.h"
#include "driver_factory.h"
#include "tap.h"

using namespace ptpcam;
using taptest::Describe;
using taptest::IsCode;
using taptest::Ok;

namespace {

// Fake-camera memory is a plain byte array, so any free address acts as a register. Camera has no integer setter,
// so two Booleans whose OnValues are the halves of 0xC0FFEE0189ABCDEF seed the 8-byte latch register: a value
// >= 2^63 that a signed-to-double or double round trip would corrupt.
const char* kXml = R"(<?xml version="1.0" encoding="utf-8"?>
<RegisterDescription ModelName="PtpFake" VendorName="ptpcam" SchemaMajorVersion="1" SchemaMinorVersion="1"
    SchemaSubMinorVersion="0" MajorVersion="1" MinorVersion="0" SubMinorVersion="0" ToolTip="ptpcam test"
    ProductGuid="0" VersionGuid="0" StandardNameSpace="None">
  <Category Name="Root"><pFeature>PtpEnable</pFeature><pFeature>PtpStatus</pFeature>
    <pFeature>TimestampLatch</pFeature><pFeature>TimestampLatchValue</pFeature></Category>
  <Boolean Name="PtpEnable"><pValue>PtpEnableReg</pValue><OnValue>1</OnValue><OffValue>0</OffValue></Boolean>
  <IntReg Name="PtpEnableReg"><Address>0x1f0</Address><Length>4</Length><AccessMode>RW</AccessMode>
    <pPort>Device</pPort><Sign>Unsigned</Sign><Endianess>BigEndian</Endianess></IntReg>
  <Enumeration Name="PtpStatus">
    <EnumEntry Name="Disabled"><Value>0</Value></EnumEntry>
    <EnumEntry Name="Listening"><Value>1</Value></EnumEntry>
    <EnumEntry Name="Slave"><Value>3</Value></EnumEntry>
    <pValue>PtpEnableReg</pValue></Enumeration>
  <Command Name="TimestampLatch"><pValue>LatchReg</pValue><CommandValue>1</CommandValue></Command>
  <IntReg Name="LatchReg"><Address>0x300</Address><Length>4</Length><AccessMode>RW</AccessMode>
    <pPort>Device</pPort><Sign>Unsigned</Sign><Endianess>BigEndian</Endianess></IntReg>
  <IntReg Name="TimestampLatchValue"><Address>0x1f8</Address><Length>8</Length><AccessMode>RO</AccessMode>
    <pPort>Device</pPort><Cachable>NoCache</Cachable><Sign>Unsigned</Sign><Endianess>BigEndian</Endianess></IntReg>
  <Boolean Name="SeedHigh"><pValue>SeedHighReg</pValue><OnValue>0xC0FFEE01</OnValue><OffValue>0</OffValue></Boolean>
  <IntReg Name="SeedHighReg"><Address>0x1f8</Address><Length>4</Length><AccessMode>RW</AccessMode>
    <pPort>Device</pPort><Sign>Unsigned</Sign><Endianess>BigEndian</Endianess></IntReg>
  <Boolean Name="SeedLow"><pValue>SeedLowReg</pValue><OnValue>0x89ABCDEF</OnValue><OffValue>0</OffValue></Boolean>
  <IntReg Name="SeedLowReg"><Address>0x1fc</Address><Length>4</Length><AccessMode>RW</AccessMode>
    <pPort>Device</pPort><Sign>Unsigned</Sign><Endianess>BigEndian</Endianess></IntReg>
  <Integer Name="Width"><Value>640</Value></Integer>
  <Port Name="Device"/>
</RegisterDescription>
)";

std::string WriteXml() {
  char path[] = "/tmp/ptpcam-arv-fake-XXXXXX.xml";
  int fd = mkstemps(path, 4);
  if (fd < 0) return "";
  const size_t n = std::strlen(kXml);
  const bool ok = write(fd, kXml, n) == static_cast<ssize_t>(n);
  close(fd);
  return ok ? path : "";
}

void MissingLibrary() {
  std::shared_ptr<CameraDriver> d;
  CamError e = CreateAravisDriver("/nonexistent/libaravis-0.8.so.0", &d);
  IsCode(e, ErrorCode::kSdkMissing, "missing library path");
  Ok(e.message.find("libaravis-0.8-0") != std::string::npos, "message names the Debian package", e.message);
  Ok(e.message.find("/nonexistent/libaravis-0.8.so.0") != std::string::npos, "message names the library", e.message);
  Ok(d == nullptr, "no driver on failure");

  // A real library that is not Aravis.
  e = CreateAravisDriver("libm.so.6", &d);
  IsCode(e, ErrorCode::kSdkMissing, "library without Aravis symbols");
  Ok(e.message.find("arv_open_device") != std::string::npos, "message lists missing symbols", e.message);
}

// The same handle the driver gets (dlopen refcounts it), used only for test setup the driver API has no words for.
void* AravisHandle() { return dlopen("libaravis-0.8.so.0", RTLD_NOW | RTLD_LOCAL); }

void CheckCamera(Camera* cam, bool gv) {
  const std::string tag = gv ? "gv: " : "fake: ";
  Ok(cam->HasFeature("PtpEnable"), tag + "HasFeature PtpEnable");
  Ok(cam->HasFeature("TimestampLatchValue"), tag + "HasFeature TimestampLatchValue");
  Ok(!cam->HasFeature("NoSuchFeature"), tag + "HasFeature unknown is false");

  CamError e = cam->SetBool("PtpEnable", true);
  Ok(e.ok(), tag + "SetBool PtpEnable true", Describe(e));
  bool b = false;
  e = cam->GetBool("PtpEnable", &b);
  Ok(e.ok() && b, tag + "GetBool PtpEnable reads back true", Describe(e));
  std::string s;
  e = cam->GetEnum("PtpStatus", &s);
  Ok(e.ok() && s == "Listening", tag + "GetEnum PtpStatus = Listening", Describe(e) + " value=" + s);
  e = cam->SetBool("PtpEnable", false);
  e = cam->GetBool("PtpEnable", &b);
  Ok(e.ok() && !b, tag + "GetBool PtpEnable reads back false", Describe(e));
  e = cam->GetEnum("PtpStatus", &s);
  Ok(e.ok() && s == "Disabled", tag + "GetEnum PtpStatus = Disabled", Describe(e) + " value=" + s);

  int64_t v = 0;
  e = cam->GetInt("Width", &v);
  Ok(e.ok() && v == 640, tag + "GetInt Width = 640", Describe(e) + " value=" + std::to_string(v));

  IsCode(cam->GetInt("NoSuchFeature", &v), ErrorCode::kFeatureMissing, tag + "GetInt unknown");
  IsCode(cam->GetBool("NoSuchFeature", &b), ErrorCode::kFeatureMissing, tag + "GetBool unknown");
  IsCode(cam->SetBool("NoSuchFeature", true), ErrorCode::kFeatureMissing, tag + "SetBool unknown");
  IsCode(cam->GetEnum("NoSuchFeature", &s), ErrorCode::kFeatureMissing, tag + "GetEnum unknown");
  IsCode(cam->Execute("NoSuchFeature"), ErrorCode::kFeatureMissing, tag + "Execute unknown");
  IsCode(cam->GetBool("Width", &b), ErrorCode::kTypeMismatch, tag + "GetBool on an Integer");
  IsCode(cam->Execute("Width"), ErrorCode::kTypeMismatch, tag + "Execute on an Integer");

  e = cam->Execute("TimestampLatch");
  Ok(e.ok(), tag + "Execute TimestampLatch", Describe(e));
  e = cam->PrepareLatch();
  Ok(e.ok(), tag + "PrepareLatch", Describe(e));
  e = cam->FireLatch();
  Ok(e.ok(), tag + "FireLatch", Describe(e));
  Ok(cam->SetBool("SeedHigh", true).ok() && cam->SetBool("SeedLow", true).ok(), tag + "seed the latch register");
  const uint64_t expect = 0xC0FFEE0189ABCDEFull;
  uint64_t latched = 0;
  e = cam->ReadLatch(&latched);
  Ok(e.ok() && latched == expect, tag + "ReadLatch returns all 64 bits exactly",
     Describe(e) + " got=" + std::to_string(latched) + " want=" + std::to_string(expect));
  // Through the generic path as well, with the same bits.
  e = cam->GetInt("TimestampLatchValue", &v);
  Ok(e.ok() && static_cast<uint64_t>(v) == expect, tag + "GetInt TimestampLatchValue keeps the bit pattern");
}

void FakeInterface() {
  void* h = AravisHandle();
  if (h == nullptr) {
    taptest::Skip("Aravis fake camera", "libaravis-0.8.so.0 not installed");
    return;
  }
  auto disable = reinterpret_cast<void (*)(const char*)>(dlsym(h, "arv_disable_interface"));
  auto enable = reinterpret_cast<void (*)(const char*)>(dlsym(h, "arv_enable_interface"));
  auto set_xml = reinterpret_cast<void (*)(const char*)>(dlsym(h, "arv_set_fake_camera_genicam_filename"));
  // No discovery broadcast may leave this process outside a test namespace: only the in-process Fake interface.
  disable("GigEVision");
  disable("USB3Vision");
  enable("Fake");
  const std::string xml = WriteXml();
  set_xml(xml.c_str());

  std::shared_ptr<CameraDriver> driver;
  CamError e = CreateAravisDriver("", &driver);
  Ok(e.ok() && driver != nullptr, "load libaravis-0.8.so.0 by soname", Describe(e));
  if (!e.ok()) return;
  Ok(std::string(driver->name()) == "aravis", "driver name");

  std::vector<DeviceInfo> list;
  e = driver->List(&list);
  Ok(e.ok() && list.size() == 1, "List finds the fake camera", Describe(e) + " n=" + std::to_string(list.size()));
  if (list.size() == 1) {
    Ok(list[0].serial == "1" && list[0].model == "Fake" && list[0].vendor == "Aravis",
       "fake camera serial/model/vendor", list[0].serial + "/" + list[0].model + "/" + list[0].vendor);
    Ok(list[0].interface_name == "Fake" && list[0].id == "Fake_1", "fake camera interface and id",
       list[0].interface_name + " " + list[0].id);
  }

  std::unique_ptr<Camera> cam;
  IsCode(driver->Open("NO-SUCH-SERIAL", &cam), ErrorCode::kNotFound, "Open unknown serial");
  IsCode(driver->Open("", &cam), ErrorCode::kInvalidArgument, "Open empty serial");
  e = driver->Open("1", &cam);
  Ok(e.ok() && cam != nullptr, "Open fake camera by serial", Describe(e));
  if (cam) {
    Ok(cam->info().serial == "1", "info() of the open camera");
    CheckCamera(cam.get(), false);
    cam->Close();
    cam->Close();
    bool b = false;
    IsCode(cam->GetBool("PtpEnable", &b), ErrorCode::kClosed, "GetBool after Close");
    uint64_t u = 0;
    IsCode(cam->ReadLatch(&u), ErrorCode::kClosed, "ReadLatch after Close");
    Ok(!cam->HasFeature("PtpEnable"), "HasFeature after Close is false");
  }

  // A camera outlives its driver (the registry may drop the driver first).
  e = driver->Open("1", &cam);
  driver.reset();
  bool b = true;
  e = cam ? cam->GetBool("PtpEnable", &b) : e;
  Ok(e.ok(), "camera usable after its driver is destroyed", Describe(e));
  cam.reset();
  unlink(xml.c_str());
}

// Inside a namespace where arv-fake-gv-camera-0.8 -s <serial> -g <xml> listens on lo (run.sh sets this up).
void GigEVision(const std::string& serial, pid_t camera_pid) {
  void* h = AravisHandle();
  reinterpret_cast<void (*)(const char*)>(dlsym(h, "arv_disable_interface"))("USB3Vision");
  std::shared_ptr<CameraDriver> driver;
  CamError e = CreateAravisDriver("", &driver);
  Ok(e.ok(), "gv: load Aravis", Describe(e));
  if (!e.ok()) return;
  std::vector<DeviceInfo> list;
  driver->List(&list);
  const DeviceInfo* found = nullptr;
  for (const DeviceInfo& d : list) {
    if (d.serial == serial) found = &d;
  }
  Ok(found != nullptr, "gv: List discovers the GigE Vision fake camera");
  if (found != nullptr) {
    Ok(found->address == "127.0.0.1" && found->interface_name == "lo", "gv: address and NIC name",
       found->address + " " + found->interface_name);
  }
  std::unique_ptr<Camera> first, second;
  e = driver->Open(serial, &first);
  Ok(e.ok(), "gv: Open as controller", Describe(e));
  if (!e.ok()) return;
  CheckCamera(first.get(), true);

  // A second open is a second GVCP client: the fake camera already has a controller, so the driver refuses it at
  // open (every latch would be refused later) and says who holds the camera.
  e = driver->Open(serial, &second);
  IsCode(e, ErrorCode::kAccessDenied, "gv: second Open while another client controls the camera");
  Ok(e.message.find("is in use") != std::string::npos && e.message.find("control privilege") != std::string::npos,
     "gv: access-denied message says the camera is in use", e.message);
  Ok(second == nullptr, "gv: no camera object for the refused open");
  bool still = false;
  Ok(first->SetBool("PtpEnable", true).ok() && first->GetBool("PtpEnable", &still).ok() && still,
     "gv: the controller keeps its privilege after the refused open");
  second.reset();

  // The camera process goes away: the next transaction runs out of retries (5 x 500 ms).
  if (camera_pid > 0 && kill(camera_pid, SIGKILL) == 0) {
    bool b = false;
    IsCode(first->GetBool("PtpEnable", &b), ErrorCode::kTimeout, "gv: camera gone, GetBool");
    uint64_t u = 0;
    IsCode(first->ReadLatch(&u), ErrorCode::kTimeout, "gv: camera gone, ReadLatch");
  }
  first.reset();
}

// A camera's stream channel registers as a map, with the writes it saw in order and an optional failure.
struct Registers {
  std::map<uint64_t, uint32_t> values;
  std::vector<std::pair<uint64_t, uint32_t>> writes;
  uint64_t fail_at = 0;
  ErrorCode fail_code = ErrorCode::kNone;

  arv::RegisterRead Reader() {
    return [this](uint64_t a, uint32_t* v) {
      if (a == fail_at) return CamError::Make(fail_code, "injected");
      *v = values[a];
      return CamError::None();
    };
  }
  arv::RegisterWrite Writer() {
    return [this](uint64_t a, uint32_t v) {
      writes.emplace_back(a, v);
      if (a == fail_at) return CamError::Make(fail_code, "injected");
      values[a] = v;
      return CamError::None();
    };
  }
};

void StreamChannelSnapshot() {
  Registers r;
  // Channel 1: 0x40 further on. What another application left: port 9029 on interface 1, a jumbo packet size with
  // "do not fragment" and a pending fire bit, a multicast destination.
  const uint64_t scp = 0x0D40, scps = 0x0D44, scda = 0x0D58;
  r.values = {{scp, 0x00012345}, {scps, 0xC0001F40}, {scda, 0xEF000001}};
  arv::StreamChannelSnapshot snap;
  CamError e = snap.Take(1, r.Reader());
  Ok(e.ok() && snap.taken(), "snapshot: Take reads SCP, SCPS, SCDA of channel 1", Describe(e));
  // What Aravis leaves after a stream: its own destination and packet size, SCP = 0.
  r.values = {{scp, 0}, {scps, 0x400005DC}, {scda, 0xA9FE0A01}};
  e = snap.Restore(r.Writer());
  Ok(e.ok(), "snapshot: Restore succeeds", Describe(e));
  const std::vector<std::pair<uint64_t, uint32_t>> want = {{scps, 0x40001F40}, {scda, 0xEF000001}, {scp, 0x00012345}};
  Ok(r.writes == want, "snapshot: SCPS (fire bit cleared), then SCDA, then SCP last, with the values read",
     std::to_string(r.writes.size()) + " writes");
  r.writes.clear();
  Ok(snap.Restore(r.Writer()).ok() && r.writes.empty() && !snap.taken(), "snapshot: a second Restore writes nothing");

  // A read that fails: nothing held, the stream must not start.
  r.fail_at = scda;
  r.fail_code = ErrorCode::kTimeout;
  e = snap.Take(1, r.Reader());
  IsCode(e, ErrorCode::kTimeout, "snapshot: a failed read fails Take");
  Ok(!snap.taken() && e.message.find("SCDA") != std::string::npos, "snapshot: nothing held, the register named", e.message);

  // A camera that stops answering: the first timeout ends the restore, and every register left is named.
  r.fail_at = 0;
  r.values = {{0x0D00, 0x0000ABCD}, {0x0D04, 0x000005DC}, {0x0D18, 0xA9FE0A63}};
  Ok(snap.Take(0, r.Reader()).ok(), "snapshot: Take channel 0");
  r.fail_at = 0x0D04;
  r.writes.clear();
  e = snap.Restore(r.Writer());
  IsCode(e, ErrorCode::kTimeout, "snapshot: restore to a camera that times out");
  Ok(r.writes.size() == 1, "snapshot: no write after the timeout", std::to_string(r.writes.size()) + " writes");
  Ok(e.message.find("SCPS = 0x000005dc, SCDA = 0xa9fe0a63, SCP = 0x0000abcd") != std::string::npos,
     "snapshot: the error names every register left unrestored", e.message);

  // A refused write (not a silent camera) does not stop the others.
  Ok(snap.Take(0, [](uint64_t, uint32_t* v) { *v = 7; return CamError::None(); }).ok(), "snapshot: Take again");
  r.fail_at = 0x0D18;
  r.fail_code = ErrorCode::kAccessDenied;
  r.writes.clear();
  e = snap.Restore(r.Writer());
  IsCode(e, ErrorCode::kAccessDenied, "snapshot: a refused write is reported");
  Ok(r.writes.size() == 3 && e.message.find("SCDA = 0x00000007") != std::string::npos &&
         e.message.find("SCP =") == std::string::npos,
     "snapshot: the other registers are still written; only the refused one is named", e.message);

  Ok(snap.Take(0, [](uint64_t, uint32_t* v) { *v = 1; return CamError::None(); }).ok(), "snapshot: Take once more");
  e = snap.Abandon(CamError::Make(ErrorCode::kTimeout, "camera gone"));
  IsCode(e, ErrorCode::kTimeout, "snapshot: Abandon keeps the cause");
  Ok(!snap.taken() && e.message.find("SCPS = 0x00000001") != std::string::npos, "snapshot: Abandon names the registers", e.message);
  Ok(snap.Abandon(CamError::Make(ErrorCode::kTimeout, "x")).ok(), "snapshot: Abandon with nothing held is no error");
}

void LabCamera(const std::string& serial) {
  std::shared_ptr<CameraDriver> driver;
  CamError e = CreateAravisDriver("", &driver);
  Ok(e.ok(), "lab: load Aravis", Describe(e));
  if (!e.ok()) return;
  std::unique_ptr<Camera> cam;
  e = driver->Open(serial, &cam);
  Ok(e.ok(), "lab: open " + serial, Describe(e));
  if (!e.ok()) return;
  std::string status;
  e = cam->GetEnum("PtpStatus", &status);
  Ok(e.ok(), "lab: PtpStatus = " + status, Describe(e));
  uint64_t t = 0;
  e = cam->PrepareLatch();
  if (e.ok()) e = cam->FireLatch();
  if (e.ok()) e = cam->ReadLatch(&t);
  Ok(e.ok() && t != 0, "lab: latch " + std::to_string(t), Describe(e));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::string(argv[1]) == "--write-xml") {
    std::printf("%s\n", WriteXml().c_str());
    return 0;
  }
  if (argc >= 3 && std::string(argv[1]) == "--gv") {
    GigEVision(argv[2], argc >= 4 ? static_cast<pid_t>(std::atoi(argv[3])) : 0);
    return taptest::Finish();
  }
  MissingLibrary();
  StreamChannelSnapshot();
  if (const char* serial = std::getenv("ARV_TEST_CAMERA_SERIAL")) {
    LabCamera(serial);
  } else {
    FakeInterface();
  }
  return taptest::Finish();
}

// The action method's pure core without Node: frame placement, destination planning, packet bytes.
// Built and run by test/native/actionCore.test.ts with g++ alone; prints TAP.
#include <arpa/inet.h>

#include <cstdio>
#include <string>
#include <vector>

#include "action/action_targets.h"
#include "action/frame_matcher.h"
#include "action/gvcp_action.h"

namespace {

int g_n = 0, g_failed = 0;

void Ok(bool cond, const std::string& what, const std::string& detail = "") {
  ++g_n;
  if (!cond) ++g_failed;
  std::printf("%s %d - %s\n", cond ? "ok" : "not ok", g_n, what.c_str());
  if (!cond && !detail.empty()) std::printf("  # %s\n", detail.c_str());
}

uint32_t Ip(const char* text) {
  in_addr a{};
  inet_pton(AF_INET, text, &a);
  return a.s_addr;
}

using ptpcam::FrameMatcher;
using ptpcam::MatchResult;

void FramesInOrder() {
  FrameMatcher m;
  std::vector<int64_t> sends = {1000000000};
  const int64_t offset = 5000000000LL;  // the camera's clock is 5 s ahead: only differences matter
  MatchResult r = m.Place(1, sends[0] + offset + 1500, sends, 0, true, 0);
  Ok(r.kind == MatchResult::kOpen && r.action == 0, "the first frame answers the open action");
  for (uint64_t k = 1; k < 5; ++k) {
    sends.push_back(sends.back() + 10000000);  // 10 ms apart
    r = m.Place(k + 1, sends[k] + offset + 1500 + static_cast<int64_t>(k) * 7, sends, 0, true, k);
    Ok(r.kind == MatchResult::kOpen && r.action == k && r.lost_before == 0, "frame " + std::to_string(k) + " answers action " + std::to_string(k));
  }
}

void SkippedAction() {
  // The camera ignored action 1: its next frame (for action 2) must not be taken for action 1's.
  FrameMatcher m;
  std::vector<int64_t> sends = {0};
  m.Place(1, 777 + 1500, sends, 0, true, 0);
  sends.push_back(10000000);
  sends.push_back(20000000);
  MatchResult r = m.Place(2, 777 + 20000000 + 1500, sends, 0, true, 2);
  Ok(r.kind == MatchResult::kOpen && r.action == 2, "after a skipped action the frame answers the action it was taken for",
     "action " + std::to_string(r.action));
}

void LateFrame() {
  // Action 1's frame arrives only after action 2 was sent (action 1 timed out): it is late, not action 2's.
  FrameMatcher m;
  std::vector<int64_t> sends = {0};
  m.Place(1, 42 + 1500, sends, 0, true, 0);
  sends.push_back(10000000);
  sends.push_back(30000000);
  MatchResult r = m.Place(2, 42 + 10000000 + 1500, sends, 0, true, 2);
  Ok(r.kind == MatchResult::kLate && r.action == 1, "a frame of a timed-out action is recognised as late");
  r = m.Place(3, 42 + 30000000 + 1600, sends, 0, true, 2);
  Ok(r.kind == MatchResult::kOpen && r.action == 2, "the next frame still answers the open action");
}

void LostFramesAndExtras() {
  FrameMatcher m;
  std::vector<int64_t> sends = {0};
  m.Place(5, 1500, sends, 0, true, 0);
  sends.push_back(10000000);
  MatchResult r = m.Place(8, 10001500, sends, 0, true, 1);
  Ok(r.lost_before == 2, "block ids 5 -> 8: two frames lost on the way", std::to_string(r.lost_before));
  r = m.Place(9, 10001700, sends, 0, true, 1);
  Ok(r.kind == MatchResult::kUnplaced, "a second frame for one action is not placed");
  FrameMatcher wrap;
  wrap.Place(65535, 0, sends, 0, true, 0);
  r = wrap.Place(1, 10000000, sends, 0, true, 1);
  Ok(r.lost_before == 0 && r.action == 1, "a 16-bit block id wrap is not a loss");
}

void Destinations() {
  std::vector<ptpcam::LocalSubnet> subnets = {
      {"lo", 1, Ip("127.0.0.1"), Ip("255.0.0.0")},
      {"h0", 5, Ip("169.254.10.1"), Ip("255.255.0.0")},
      {"eth1", 6, Ip("192.168.7.2"), Ip("255.255.255.0")},
  };
  std::vector<ptpcam::ActionDestination> d;
  auto e = ptpcam::PlanDestinations({"169.254.10.10", "169.254.10.11", "192.168.7.40", "10.1.2.3", "169.254.10.12"},
                                    {"A", "B", "C", "D", "E"}, subnets, false, &d);
  Ok(e.ok(), "destinations planned");
  Ok(d.size() == 3, "one broadcast per subnet plus one unicast for the routed camera", std::to_string(d.size()));
  if (d.size() == 3) {
    Ok(d[0].broadcast && d[0].ip == Ip("169.254.255.255") && d[0].ifindex == 5 && d[0].cameras == std::vector<size_t>{0, 1, 4},
       "169.254/16 cameras share one broadcast out of h0: " + d[0].label);
    Ok(d[1].broadcast && d[1].ip == Ip("192.168.7.255") && d[1].ifindex == 6, "192.168.7/24 broadcast out of eth1: " + d[1].label);
    Ok(!d[2].broadcast && d[2].ip == Ip("10.1.2.3") && d[2].cameras == std::vector<size_t>{3}, "off-subnet camera by unicast: " + d[2].label);
  }
  e = ptpcam::PlanDestinations({"169.254.10.10", "169.254.10.11"}, {"A", "B"}, subnets, true, &d);
  Ok(e.ok() && d.size() == 2 && !d[0].broadcast && !d[1].broadcast, "forced unicast: one packet per camera");
  e = ptpcam::PlanDestinations({"127.0.0.2"}, {"L"}, subnets, false, &d);
  Ok(e.ok() && d.size() == 1 && !d[0].broadcast, "a loopback camera is reached by unicast");
  e = ptpcam::PlanDestinations({"usb:3-1"}, {"U3V"}, subnets, false, &d);
  Ok(e.code == ptpcam::ErrorCode::kInvalidArgument && e.message.find("U3V") != std::string::npos,
     "a camera without an IPv4 address is refused by name: " + e.message);
}

void PacketBytes() {
  uint8_t p[ptpcam::gvcp::kActionCmdSize];
  ptpcam::gvcp::EncodeActionCmd({0x50545043u, 0x01020304u, 0xFFFFFFFFu}, 0xBEEF, true, p);
  const uint8_t want[] = {0x42, 0x01, 0x01, 0x00, 0x00, 0x0C, 0xBE, 0xEF, 0x50, 0x54, 0x50, 0x43,
                          0x01, 0x02, 0x03, 0x04, 0xFF, 0xFF, 0xFF, 0xFF};
  bool same = true;
  for (size_t i = 0; i < sizeof want; ++i) same = same && p[i] == want[i];
  Ok(same, "ACTION_CMD bytes: key, ack flag, 0x0100, length 12, request id, the three keys");
  ptpcam::gvcp::EncodeActionCmd({1, 2, 3}, 7, false, p);
  Ok(p[1] == 0, "no ack flag when no ack is asked (and never the scheduled flag 0x80)");
  const uint8_t ack[] = {0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x07};
  uint16_t status = 1, id = 0;
  Ok(ptpcam::gvcp::DecodeActionAck(ack, sizeof ack, &status, &id) && status == 0 && id == 7, "ACTION_ACK decoded");
  const uint8_t other[] = {0x00, 0x00, 0x00, 0x81, 0x00, 0x00, 0x00, 0x07};
  Ok(!ptpcam::gvcp::DecodeActionAck(other, sizeof other, &status, &id), "another ack (READREG_ACK) is not an ACTION_ACK");
}

}  // namespace

int main() {
  FramesInOrder();
  SkippedAction();
  LateFrame();
  LostFramesAndExtras();
  Destinations();
  PacketBytes();
  std::printf("1..%d\n", g_n);
  return g_failed == 0 ? 0 : 1;
}

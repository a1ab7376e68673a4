#include "action_sender.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/errqueue.h>
#include <linux/net_tstamp.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "../clock.h"
#include "gvcp_action.h"

namespace ptpcam {

namespace {

// A software TX stamp is queued inside sendmsg on veth/loopback and within microseconds on a NIC; after this
// long without one the socket is treated as not stamping this send.
constexpr int64_t kStampWaitNs = 2LL * 1000000LL;
// After this many sends in a row without a stamp, stop waiting for them: the interface does not offer them.
constexpr int kMaxStampMisses = 3;

CamError SocketError(const std::string& what) {
  return CamError::Make(ErrorCode::kSdkError, "action command socket: " + what + ": " + std::strerror(errno), errno);
}

}  // namespace

ActionSender::~ActionSender() { Close(); }

void ActionSender::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

CamError ActionSender::Open(bool want_kernel_stamps) {
  Close();
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return SocketError("socket");
  int on = 1;
  if (setsockopt(fd_, SOL_SOCKET, SO_BROADCAST, &on, sizeof on) != 0) return SocketError("SO_BROADCAST");
  sockaddr_in any{};
  any.sin_family = AF_INET;
  any.sin_addr.s_addr = htonl(INADDR_ANY);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&any), sizeof any) != 0) return SocketError("bind");
  socklen_t len = sizeof any;
  if (getsockname(fd_, reinterpret_cast<sockaddr*>(&any), &len) == 0) port_ = ntohs(any.sin_port);
  kernel_stamps_ = false;
  if (want_kernel_stamps) {
    // TSONLY: the error queue carries the stamp, not a copy of the packet. OPT_ID: each stamp names its send.
    int flags = SOF_TIMESTAMPING_TX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE | SOF_TIMESTAMPING_OPT_ID |
                SOF_TIMESTAMPING_OPT_TSONLY;
    kernel_stamps_ = setsockopt(fd_, SOL_SOCKET, SO_TIMESTAMPING, &flags, sizeof flags) == 0;
  }
  sends_ = 0;
  stamp_misses_ = 0;
  return CamError::None();
}

bool ActionSender::ReadTxStamp(uint32_t id, int64_t* ns) {
  const int64_t deadline = MonotonicNs() + kStampWaitNs;
  for (;;) {
    uint8_t control[512];
    uint8_t data[64];
    iovec iov{data, sizeof data};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    const ssize_t r = recvmsg(fd_, &msg, MSG_ERRQUEUE | MSG_DONTWAIT);
    if (r < 0) {
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return false;
      const int64_t left = deadline - MonotonicNs();
      if (left <= 0) return false;
      pollfd p{fd_, 0, 0};  // POLLERR is always reported: the error queue has something
      poll(&p, 1, static_cast<int>(std::max<int64_t>(1, left / 1000000LL)));
      continue;
    }
    bool have_ts = false;
    bool have_id = false;
    int64_t stamp = 0;
    uint32_t got_id = 0;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPING) {
        scm_timestamping ts;
        std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
        if (ts.ts[0].tv_sec != 0 || ts.ts[0].tv_nsec != 0) {
          stamp = static_cast<int64_t>(ts.ts[0].tv_sec) * 1000000000LL + ts.ts[0].tv_nsec;
          have_ts = true;
        }
      } else if (c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR) {
        sock_extended_err err;
        std::memcpy(&err, CMSG_DATA(c), sizeof err);
        if (err.ee_errno == ENOMSG && err.ee_origin == SO_EE_ORIGIN_TIMESTAMPING) {
          got_id = err.ee_data;
          have_id = true;
        }
      }
    }
    // A stamp of an earlier send that came too late is dropped here; only this send's counts.
    if (have_ts && have_id && got_id == id) {
      *ns = stamp;
      return true;
    }
  }
}

CamError ActionSender::Send(const ActionDestination& dest, const ActionKeys& keys, uint16_t request_id, bool ack,
                            SendStamp* out) {
  if (fd_ < 0) return CamError::Make(ErrorCode::kClosed, "action command socket is closed");
  uint8_t packet[gvcp::kActionCmdSize];
  gvcp::EncodeActionCmd(keys, request_id, ack, packet);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(gvcp::kPort);
  to.sin_addr.s_addr = dest.ip;
  iovec iov{packet, sizeof packet};
  msghdr msg{};
  msg.msg_name = &to;
  msg.msg_namelen = sizeof to;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  // A subnet broadcast leaves through the interface that holds the subnet, even when another interface holds
  // an overlapping one (169.254/16 on several NICs is common in camera labs).
  alignas(cmsghdr) uint8_t control[CMSG_SPACE(sizeof(in_pktinfo))] = {0};
  if (dest.broadcast && dest.ifindex > 0) {
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = IPPROTO_IP;
    c->cmsg_type = IP_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
    in_pktinfo info{};
    info.ipi_ifindex = dest.ifindex;
    std::memcpy(CMSG_DATA(c), &info, sizeof info);
  }
  const int64_t before = RealtimeNs();
  const ssize_t n = sendmsg(fd_, &msg, 0);
  const int64_t after = RealtimeNs();
  if (n != static_cast<ssize_t>(sizeof packet)) return SocketError("send to " + dest.label);
  const uint32_t id = sends_++;
  out->syscall_ns = after - before;
  out->realtime_ns = before + (after - before) / 2;
  out->source = SendStampSource::kClock;
  if (kernel_stamps_ && stamp_misses_ < kMaxStampMisses) {
    int64_t stamp = 0;
    if (ReadTxStamp(id, &stamp)) {
      out->realtime_ns = stamp;
      out->source = SendStampSource::kKernel;
      stamp_misses_ = 0;
    } else {
      ++stamp_misses_;
    }
  }
  return CamError::None();
}

void ActionSender::CollectAcks(uint16_t request_id, const std::vector<uint32_t>& wanted, size_t expected,
                               int64_t deadline, std::vector<AckSeen>* out) {
  out->clear();
  auto done = [&] {
    if (wanted.empty()) return out->size() >= expected;
    for (uint32_t ip : wanted) {
      bool seen = false;
      for (const auto& a : *out) seen = seen || a.from_ip == ip;
      if (!seen) return false;
    }
    return true;
  };
  while (!done()) {
    uint8_t buf[64];
    sockaddr_in from{};
    socklen_t len = sizeof from;
    const ssize_t n = recvfrom(fd_, buf, sizeof buf, MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&from), &len);
    if (n < 0) {
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return;
      const int64_t left = deadline - MonotonicNs();
      if (left <= 0) return;
      pollfd p{fd_, POLLIN, 0};
      poll(&p, 1, static_cast<int>(std::max<int64_t>(1, left / 1000000LL)));
      continue;
    }
    uint16_t status = 0;
    uint16_t id = 0;
    if (!gvcp::DecodeActionAck(buf, static_cast<size_t>(n), &status, &id) || id != request_id) continue;
    bool seen = false;
    for (const auto& a : *out) seen = seen || a.from_ip == from.sin_addr.s_addr;
    if (!seen) out->push_back({from.sin_addr.s_addr, status});
  }
}

}  // namespace ptpcam

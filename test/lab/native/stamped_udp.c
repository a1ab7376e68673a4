/*
 * stamped-udp: the receive side of a virtual camera's UDP sockets, with the kernel's receive timestamp of
 * every datagram. Node's dgram cannot read SO_TIMESTAMPNS, and a virtual camera that stamped packets when its
 * event loop got to them would measure its own scheduling on a busy 2-core machine instead of the network.
 *
 *   stamped-udp <bind-ipv4> <gvcp-port>
 *
 * Socket 0: bound to <bind-ipv4>:<gvcp-port> (the GVCP port; 0.0.0.0 so Aravis' discovery and the action
 * command broadcasts reach it). Socket 1: bound to <bind-ipv4>:0, the stream channel's source (GVSP).
 * Both carry SO_TIMESTAMPNS (CLOCK_REALTIME, stamped when the packet is queued to the socket's namespace,
 * in the sender's context for veth), and SO_BROADCAST.
 *
 * stdout, one record per event, host byte order (same machine), 32-byte header then the payload:
 *   u32 payload length | u8 type (1 datagram, 2 ready, 3 error text) | u8 socket | u16 source port |
 *   u8[4] source IPv4 | u32 0 | i64 kernel receive ns (CLOCK_REALTIME; -1 when the kernel gave none) |
 *   i64 user ns (CLOCK_REALTIME read right after recvmsg returned: the helper's own wake-up cost)
 *   ready: payload u16 port of socket 0, u16 port of socket 1.
 * stdin, one record per datagram to send: u32 payload length | u8 socket | u8 0 | u16 destination port |
 *   u8[4] destination IPv4 | payload. The helper sends it from that socket (acks leave from port 3956, as a
 *   real camera's do).
 * EOF on stdin (the camera process died) ends the helper; so does the parent's death (PDEATHSIG).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_DGRAM 65536
#define HDR_OUT 32
#define HDR_IN 12

static uint8_t out_buf[HDR_OUT + MAX_DGRAM];
static uint8_t in_buf[HDR_IN + MAX_DGRAM];
static size_t in_fill = 0;

static int64_t realtime_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void write_all(const uint8_t *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(STDOUT_FILENO, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      exit(0); /* the camera is gone */
    }
    p += w;
    n -= (size_t)w;
  }
}

static void emit(uint8_t type, uint8_t sock, uint16_t port, const uint8_t ip[4], int64_t kns, int64_t uns,
                 const void *payload, uint32_t len) {
  uint32_t zero = 0;
  memcpy(out_buf + 0, &len, 4);
  out_buf[4] = type;
  out_buf[5] = sock;
  memcpy(out_buf + 6, &port, 2);
  memcpy(out_buf + 8, ip, 4);
  memcpy(out_buf + 12, &zero, 4);
  memcpy(out_buf + 16, &kns, 8);
  memcpy(out_buf + 24, &uns, 8);
  if (payload != NULL && len > 0 && payload != out_buf + HDR_OUT) memcpy(out_buf + HDR_OUT, payload, len);
  write_all(out_buf, HDR_OUT + len);
}

static void fail(const char *what) {
  char msg[256];
  uint8_t ip[4] = {0, 0, 0, 0};
  int n = snprintf(msg, sizeof msg, "%s: %s", what, strerror(errno));
  emit(3, 0, 0, ip, -1, -1, msg, (uint32_t)n);
  exit(1);
}

static int open_socket(struct in_addr addr, uint16_t port) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) fail("socket");
  int one = 1;
  if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one) < 0) fail("SO_TIMESTAMPNS");
  if (setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one) < 0) fail("SO_BROADCAST");
  /* A camera run at idle priority may not read for a while; a deep queue keeps bursts (broadcast probes, retries)
   * from being dropped meanwhile. FORCE needs CAP_NET_ADMIN (the lab runs as root); otherwise the sysctl cap. */
  int rcvbuf = 4 << 20;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) < 0) (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr = addr};
  if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) fail("bind");
  return fd;
}

static uint16_t bound_port(int fd) {
  struct sockaddr_in sa;
  socklen_t l = sizeof sa;
  if (getsockname(fd, (struct sockaddr *)&sa, &l) < 0) fail("getsockname");
  return ntohs(sa.sin_port);
}

static void receive_one(int fd, uint8_t sock) {
  struct sockaddr_in from;
  char control[CMSG_SPACE(sizeof(struct timespec))];
  struct iovec iov = {.iov_base = out_buf + HDR_OUT, .iov_len = MAX_DGRAM};
  struct msghdr msg = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov, .msg_iovlen = 1,
                       .msg_control = control, .msg_controllen = sizeof control};
  ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT);
  int64_t user = realtime_ns();
  if (n < 0) return;
  int64_t kernel = -1;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
      struct timespec ts;
      memcpy(&ts, CMSG_DATA(c), sizeof ts);
      kernel = (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
    }
  }
  uint16_t port = ntohs(from.sin_port);
  uint8_t ip[4];
  memcpy(ip, &from.sin_addr.s_addr, 4);
  emit(1, sock, port, ip, kernel, user, out_buf + HDR_OUT, (uint32_t)n);
}

/* Sends every complete record buffered from stdin; returns 0 on EOF. */
static int pump_stdin(const int fds[2]) {
  ssize_t r = read(STDIN_FILENO, in_buf + in_fill, sizeof in_buf - in_fill);
  if (r == 0) return 0;
  if (r < 0) return errno == EINTR || errno == EAGAIN ? 1 : 0;
  in_fill += (size_t)r;
  size_t off = 0;
  while (in_fill - off >= HDR_IN) {
    uint32_t len;
    memcpy(&len, in_buf + off, 4);
    if (len > MAX_DGRAM) exit(2);
    if (in_fill - off < HDR_IN + len) break;
    uint8_t sock = in_buf[off + 4];
    uint16_t port;
    memcpy(&port, in_buf + off + 6, 2);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(port)};
    memcpy(&to.sin_addr.s_addr, in_buf + off + 8, 4);
    /* A failed send is what a lossy link does: the peer's retry logic copes, as with a real camera. */
    (void)sendto(fds[sock > 1 ? 0 : sock], in_buf + off + HDR_IN, len, 0, (struct sockaddr *)&to, sizeof to);
    off += HDR_IN + len;
  }
  memmove(in_buf, in_buf + off, in_fill - off);
  in_fill -= off;
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: stamped-udp <bind-ipv4> <gvcp-port>\n");
    return 2;
  }
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  signal(SIGPIPE, SIG_IGN);
  struct in_addr addr;
  if (inet_pton(AF_INET, argv[1], &addr) != 1) {
    fprintf(stderr, "stamped-udp: bad address %s\n", argv[1]);
    return 2;
  }
  int fds[2] = {open_socket(addr, (uint16_t)atoi(argv[2])), open_socket(addr, 0)};
  uint16_t ports[2] = {bound_port(fds[0]), bound_port(fds[1])};
  uint8_t none[4] = {0, 0, 0, 0};
  emit(2, 0, 0, none, -1, realtime_ns(), ports, sizeof ports);
  struct pollfd p[3] = {{.fd = STDIN_FILENO, .events = POLLIN}, {.fd = fds[0], .events = POLLIN}, {.fd = fds[1], .events = POLLIN}};
  for (;;) {
    if (poll(p, 3, -1) < 0) {
      if (errno == EINTR) continue;
      fail("poll");
    }
    if (p[1].revents & POLLIN) receive_one(fds[0], 0);
    if (p[2].revents & POLLIN) receive_one(fds[1], 1);
    if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      if (!pump_stdin(fds)) return 0;
    }
  }
}

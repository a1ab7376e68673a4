/*
 * send_cost: what one unicast GVCP command costs the sending thread in the lab, the per-send cost that bounds
 * how closely N camera threads on C cores can fire (a Linux veth + bridge delivers the packet, up to the
 * receiving socket's queue, in the sender's context). Sends READREG 0x0000 without the ack flag (the camera
 * executes it and answers nothing, so no reply traffic competes) and times each sendto with CLOCK_MONOTONIC.
 *
 *   send_cost <camera-ipv4> <count>      prints: send_cost n=<count> p50=<ns> p99=<ns> min=<ns>
 *   send_cost --broadcast <ipv4> <count>  instead broadcasts ACTION_CMDs that match no camera (device key
 *                                          0xFFFFFFFF, mask 0): every camera records its kernel receive stamp of
 *                                          each, which gives the lab's own fan-out of one broadcast.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

static int64_t mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
  int broadcast = argc == 4 && strcmp(argv[1], "--broadcast") == 0;
  if (argc != 3 && !broadcast) {
    fprintf(stderr, "usage: send_cost [--broadcast] <ipv4> <count>\n");
    return 2;
  }
  if (broadcast) argv++;
  int n = atoi(argv[2]);
  if (n < 1) n = 1;
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  int one = 1;
  if (broadcast) setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one);
  struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(3956)};
  if (fd < 0 || inet_pton(AF_INET, argv[1], &to.sin_addr) != 1) {
    fprintf(stderr, "send_cost: bad address or no socket\n");
    return 1;
  }
  int64_t *t = calloc((size_t)n, sizeof *t);
  /* key 0x42, flags 0 (no ack), READREG 0x0080, length 4, id, address 0 */
  uint8_t p[20] = {0x42, 0x00, 0x00, 0x80, 0x00, 0x04, 0x00, 0x00, 0, 0, 0, 0};
  size_t len = 12;
  if (broadcast) {
    /* ACTION_CMD 0x0100, no ack, 12-byte payload: device key 0xFFFFFFFF, group key 0, group mask 0 */
    const uint8_t a[20] = {0x42, 0x00, 0x01, 0x00, 0x00, 0x0c, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0};
    memcpy(p, a, sizeof a);
    len = sizeof a;
  }
  for (int i = 0; i < n; i++) {
    p[6] = (uint8_t)((i + 1) >> 8);
    p[7] = (uint8_t)(i + 1);
    int64_t a = mono_ns();
    sendto(fd, p, len, 0, (struct sockaddr *)&to, sizeof to);
    t[i] = mono_ns() - a;
    /* Spaced like samples, so each send finds the path idle as a fire does. */
    usleep(200);
  }
  qsort(t, (size_t)n, sizeof *t, cmp);
  printf("send_cost n=%d p50=%lld p99=%lld min=%lld\n", n, (long long)t[n / 2], (long long)t[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1], (long long)t[0]);
  return 0;
}

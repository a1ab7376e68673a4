/*
 * arv_frames: a minimal Aravis 0.8 stream consumer for lab tests. It opens GigE Vision cameras by IP, applies
 * a feature string to each, starts a stream per camera, and prints every frame Aravis delivers with the
 * timestamp arv_buffer_get_timestamp() returns (the GVSP leader's, converted with GevTimestampTickFrequency).
 * Optionally it broadcasts raw GVCP ACTION_CMD packets itself (Aravis 0.8 has no action API), so a test shows
 * that one packet triggers a frame on every camera whose keys match.
 *
 *   arv_frames --camera IP [--features "F=v F=v"] [--camera IP [--features …]] …
 *              [--frames N]                       wait for N frames per camera (free run / software trigger)
 *              [--action DEV:GROUP:MASK --count N --interval-ms T --broadcast A.B.C.D [--ack]]
 *              [--timeout-ms T]                   per-frame wait (default 1000)
 *              [--packet-socket]                  keep Aravis' AF_PACKET receive path (default: plain socket)
 *
 * stdout, one line per event:
 *   open <cam> <ip> payload=<bytes>
 *   action <k> <send ns before> <send ns after>          (CLOCK_REALTIME around sendto)
 *   ack <k> <ip> <status hex>
 *   frame <cam> <k> <frame id> <timestamp ns> <status>   (k: action number, or frame number without actions)
 *   missing <cam> <k>
 *   stats <cam> completed=<n> failures=<n> underruns=<n>   (arv_stream_get_statistics, at the end)
 *   error <text>
 *   done
 * No Aravis headers on a stock Debian (they are in the -dev package): the few symbols used are declared
 * here and resolved with dlopen/dlsym, as ptpcam's own Aravis driver does.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct {
  uint32_t domain;
  int code;
  char *message;
} GError;
typedef void ArvCamera, ArvDevice, ArvStream, ArvBuffer;

static ArvCamera *(*camera_new)(const char *, GError **);
static ArvDevice *(*camera_get_device)(ArvCamera *);
static int (*device_set_features)(ArvDevice *, const char *, GError **);
static int (*camera_get_payload)(ArvCamera *, GError **);
static ArvStream *(*camera_create_stream)(ArvCamera *, void *, void *, GError **);
static ArvBuffer *(*buffer_new)(size_t, void *);
static void (*stream_push_buffer)(ArvStream *, ArvBuffer *);
static void (*camera_start)(ArvCamera *, GError **);
static void (*camera_stop)(ArvCamera *, GError **);
static ArvBuffer *(*stream_timeout_pop)(ArvStream *, uint64_t);
static int (*buffer_get_status)(ArvBuffer *);
static uint64_t (*buffer_get_timestamp)(ArvBuffer *);
static uint64_t (*buffer_get_frame_id)(ArvBuffer *);
static void (*object_unref)(void *);
static void (*arv_shutdown_fn)(void);
static void (*stream_get_statistics)(ArvStream *, uint64_t *, uint64_t *, uint64_t *);
static void (*gv_device_set_stream_options)(ArvDevice *, int);

#define MAX_CAMS 16

static int64_t realtime_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void *sym(void *lib, const char *name) {
  void *p = dlsym(lib, name);
  if (p == NULL) {
    printf("error missing symbol %s\n", name);
    exit(1);
  }
  return p;
}

static void load(void) {
  void *lib = dlopen("libaravis-0.8.so.0", RTLD_NOW | RTLD_GLOBAL);
  if (lib == NULL) {
    printf("error cannot load libaravis-0.8.so.0: %s\n", dlerror());
    exit(1);
  }
  camera_new = sym(lib, "arv_camera_new");
  camera_get_device = sym(lib, "arv_camera_get_device");
  device_set_features = sym(lib, "arv_device_set_features_from_string");
  camera_get_payload = sym(lib, "arv_camera_get_payload");
  camera_create_stream = sym(lib, "arv_camera_create_stream");
  buffer_new = sym(lib, "arv_buffer_new");
  stream_push_buffer = sym(lib, "arv_stream_push_buffer");
  camera_start = sym(lib, "arv_camera_start_acquisition");
  camera_stop = sym(lib, "arv_camera_stop_acquisition");
  stream_timeout_pop = sym(lib, "arv_stream_timeout_pop_buffer");
  buffer_get_status = sym(lib, "arv_buffer_get_status");
  buffer_get_timestamp = sym(lib, "arv_buffer_get_timestamp");
  buffer_get_frame_id = sym(lib, "arv_buffer_get_frame_id");
  object_unref = sym(lib, "g_object_unref");
  arv_shutdown_fn = sym(lib, "arv_shutdown");
  stream_get_statistics = sym(lib, "arv_stream_get_statistics");
  gv_device_set_stream_options = sym(lib, "arv_gv_device_set_stream_options");
}

static int check(GError *e, const char *what) {
  if (e == NULL) return 1;
  printf("error %s: %s\n", what, e->message ? e->message : "?");
  return 0;
}

static void pop_one(ArvStream *s, int cam, long k, int timeout_ms) {
  ArvBuffer *b = stream_timeout_pop(s, (uint64_t)timeout_ms * 1000);
  if (b == NULL) {
    printf("missing %d %ld\n", cam, k);
    return;
  }
  printf("frame %d %ld %llu %llu %d\n", cam, k, (unsigned long long)buffer_get_frame_id(b),
         (unsigned long long)buffer_get_timestamp(b), buffer_get_status(b));
  stream_push_buffer(s, b);
}

int main(int argc, char **argv) {
  const char *ips[MAX_CAMS];
  const char *features[MAX_CAMS];
  int n = 0, frames = 0, count = 1, interval_ms = 10, timeout_ms = 1000, want_ack = 0, packet_socket = 0;
  const char *action = NULL, *broadcast = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--ack") == 0) { want_ack = 1; continue; }
    if (strcmp(a, "--packet-socket") == 0) { packet_socket = 1; continue; }
    if (v == NULL) { printf("error %s needs a value\n", a); return 2; }
    i++;
    if (strcmp(a, "--camera") == 0 && n < MAX_CAMS) { ips[n] = v; features[n] = NULL; n++; }
    else if (strcmp(a, "--features") == 0 && n > 0) features[n - 1] = v;
    else if (strcmp(a, "--frames") == 0) frames = atoi(v);
    else if (strcmp(a, "--action") == 0) action = v;
    else if (strcmp(a, "--count") == 0) count = atoi(v);
    else if (strcmp(a, "--interval-ms") == 0) interval_ms = atoi(v);
    else if (strcmp(a, "--timeout-ms") == 0) timeout_ms = atoi(v);
    else if (strcmp(a, "--broadcast") == 0) broadcast = v;
    else { printf("error unknown option %s\n", a); return 2; }
  }
  setvbuf(stdout, NULL, _IOLBF, 0);
  load();
  ArvCamera *cams[MAX_CAMS] = {0};
  ArvStream *streams[MAX_CAMS] = {0};
  int rc = 0;
  for (int c = 0; c < n; c++) {
    GError *e = NULL;
    cams[c] = camera_new(ips[c], &e);
    if (!check(e, "open") || cams[c] == NULL) { rc = 1; goto out; }
    if (features[c] != NULL) {
      device_set_features(camera_get_device(cams[c]), features[c], &e);
      if (!check(e, "features")) { rc = 1; goto out; }
    }
    /* ARV_GV_STREAM_OPTION_PACKET_SOCKET_DISABLED (1) unless --packet-socket: Aravis 0.8.26 attaches its BPF
     * filter only after binding the AF_PACKET ring, so any packet reaching the host interface in between (here:
     * GVCP acks of the other cameras being opened) is parsed as GVSP and can wedge the stream (see README). */
    if (!packet_socket) gv_device_set_stream_options(camera_get_device(cams[c]), 1);
    int payload = camera_get_payload(cams[c], &e);
    if (!check(e, "payload")) { rc = 1; goto out; }
    streams[c] = camera_create_stream(cams[c], NULL, NULL, &e);
    if (!check(e, "stream") || streams[c] == NULL) { rc = 1; goto out; }
    for (int b = 0; b < 16; b++) stream_push_buffer(streams[c], buffer_new((size_t)payload, NULL));
    camera_start(cams[c], &e);
    if (!check(e, "start")) { rc = 1; goto out; }
    printf("open %d %s payload=%d\n", c, ips[c], payload);
  }
  if (action != NULL) {
    unsigned dev, group, mask;
    if (broadcast == NULL || sscanf(action, "%x:%x:%x", &dev, &group, &mask) != 3) {
      printf("error --action DEV:GROUP:MASK (hex) and --broadcast are needed\n");
      rc = 2;
      goto out;
    }
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(3956)};
    inet_pton(AF_INET, broadcast, &to.sin_addr);
    for (long k = 0; k < count; k++) {
      uint8_t p[20] = {0x42, (uint8_t)(want_ack ? 0x01 : 0x00), 0x01, 0x00, 0x00, 12, 0, 0};
      uint16_t id = (uint16_t)(k % 0xffff + 1);
      p[6] = (uint8_t)(id >> 8);
      p[7] = (uint8_t)id;
      uint32_t be[3] = {htonl(dev), htonl(group), htonl(mask)};
      memcpy(p + 8, be, 12);
      int64_t t0 = realtime_ns();
      sendto(fd, p, 20, 0, (struct sockaddr *)&to, sizeof to);
      int64_t t1 = realtime_ns();
      printf("action %ld %lld %lld\n", k, (long long)t0, (long long)t1);
      if (want_ack) {
        struct pollfd pf = {.fd = fd, .events = POLLIN};
        while (poll(&pf, 1, 100) > 0) {
          uint8_t ack[64];
          struct sockaddr_in from;
          socklen_t fl = sizeof from;
          ssize_t r = recvfrom(fd, ack, sizeof ack, 0, (struct sockaddr *)&from, &fl);
          if (r >= 8) {
            char ip[32];
            inet_ntop(AF_INET, &from.sin_addr, ip, sizeof ip);
            printf("ack %ld %s %02x%02x answer=%02x%02x id=%u\n", k, ip, ack[0], ack[1], ack[2], ack[3], (unsigned)(ack[6] << 8 | ack[7]));
          }
        }
      }
      for (int c = 0; c < n; c++) pop_one(streams[c], c, k, timeout_ms);
      if (interval_ms > 0) usleep((useconds_t)interval_ms * 1000);
    }
    close(fd);
  } else {
    for (long k = 0; k < frames; k++)
      for (int c = 0; c < n; c++) pop_one(streams[c], c, k, timeout_ms);
  }
out:
  for (int c = 0; c < n; c++) {
    if (streams[c] != NULL) {
      uint64_t completed = 0, failures = 0, underruns = 0;
      stream_get_statistics(streams[c], &completed, &failures, &underruns);
      printf("stats %d completed=%llu failures=%llu underruns=%llu\n", c, (unsigned long long)completed, (unsigned long long)failures,
             (unsigned long long)underruns);
    }
    if (cams[c] != NULL && streams[c] != NULL) {
      GError *e = NULL;
      camera_stop(cams[c], &e);
    }
    if (streams[c] != NULL) object_unref(streams[c]);
    if (cams[c] != NULL) object_unref(cams[c]);
  }
  arv_shutdown_fn();
  printf("done\n");
  return rc;
}

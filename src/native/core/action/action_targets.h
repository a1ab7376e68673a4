// Where one action command must go so that every camera of the run receives it: one packet per IPv4 subnet
// the host shares with cameras (sent to that subnet's broadcast address, out of the interface holding it), and
// one unicast packet per camera on no subnet of the host (a routed camera). A single broadcast per subnet is
// what makes the method a one-packet latch: the switch, not the host, hands it to every port.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../camera_driver.h"

namespace ptpcam {

struct ActionDestination {
  uint32_t ip = 0;          // network byte order
  int ifindex = 0;          // 0: let the routing table decide (unicast)
  bool broadcast = false;
  std::string label;        // "169.254.255.255 (broadcast on h0)" or "10.0.0.7 (unicast)"
  std::vector<size_t> cameras;  // indexes into the run's camera list
};

struct LocalSubnet {
  std::string ifname;
  int ifindex = 0;
  uint32_t address = 0;  // network byte order
  uint32_t netmask = 0;
};

// The host's up IPv4 interfaces (getifaddrs), loopback included so tests can target 127.0.0.1.
std::vector<LocalSubnet> LocalSubnets();

// Groups cameras by destination. `addresses[i]` is camera i's IPv4 address as text; an entry that is not an
// IPv4 address is an error naming `serials[i]` (action commands are GigE Vision only). With
// `force_unicast`, every camera gets its own packet (for comparison, and for networks that drop broadcasts).
CamError PlanDestinations(const std::vector<std::string>& addresses, const std::vector<std::string>& serials,
                          const std::vector<LocalSubnet>& subnets, bool force_unicast,
                          std::vector<ActionDestination>* out);

}  // namespace ptpcam

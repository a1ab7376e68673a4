#include "action_targets.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

namespace ptpcam {

namespace {

std::string IpText(uint32_t ip) {
  char buf[INET_ADDRSTRLEN] = {0};
  in_addr a{};
  a.s_addr = ip;
  inet_ntop(AF_INET, &a, buf, sizeof buf);
  return buf;
}

}  // namespace

std::vector<LocalSubnet> LocalSubnets() {
  std::vector<LocalSubnet> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr == nullptr || i->ifa_netmask == nullptr || i->ifa_addr->sa_family != AF_INET) continue;
    if ((i->ifa_flags & IFF_UP) == 0) continue;
    LocalSubnet s;
    s.ifname = i->ifa_name;
    s.ifindex = static_cast<int>(if_nametoindex(i->ifa_name));
    s.address = reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr.s_addr;
    s.netmask = reinterpret_cast<sockaddr_in*>(i->ifa_netmask)->sin_addr.s_addr;
    out.push_back(s);
  }
  freeifaddrs(list);
  return out;
}

CamError PlanDestinations(const std::vector<std::string>& addresses, const std::vector<std::string>& serials,
                          const std::vector<LocalSubnet>& subnets, bool force_unicast,
                          std::vector<ActionDestination>* out) {
  out->clear();
  for (size_t c = 0; c < addresses.size(); ++c) {
    in_addr ip{};
    if (inet_pton(AF_INET, addresses[c].c_str(), &ip) != 1 || ip.s_addr == 0) {
      const std::string serial = c < serials.size() ? serials[c] : std::to_string(c);
      return CamError::Make(ErrorCode::kInvalidArgument,
                            "camera " + serial + " has no IPv4 address ('" + addresses[c] +
                                "'): action commands need a GigE Vision camera");
    }
    const LocalSubnet* on = nullptr;
    // A /32 or a point-to-point address says nothing about a subnet; the longest matching prefix wins.
    for (const auto& s : subnets) {
      if (s.netmask == 0 || s.netmask == 0xFFFFFFFFu) continue;
      if ((s.address & s.netmask) != (ip.s_addr & s.netmask)) continue;
      if (on == nullptr || ntohl(s.netmask) > ntohl(on->netmask)) on = &s;
    }
    // A camera on loopback (tests) or on no local subnet is reached by unicast, through the routing table.
    const bool loopback = (ntohl(ip.s_addr) >> 24) == 127;
    ActionDestination want;
    if (on != nullptr && !force_unicast && !loopback) {
      want.ip = (on->address & on->netmask) | ~on->netmask;
      want.ifindex = on->ifindex;
      want.broadcast = true;
      want.label = IpText(want.ip) + " (broadcast on " + on->ifname + ")";
    } else {
      want.ip = ip.s_addr;
      want.label = IpText(want.ip) + " (unicast)";
    }
    bool merged = false;
    for (auto& d : *out) {
      if (d.broadcast && want.broadcast && d.ip == want.ip && d.ifindex == want.ifindex) {
        d.cameras.push_back(c);
        merged = true;
        break;
      }
    }
    if (!merged) {
      want.cameras.push_back(c);
      out->push_back(std::move(want));
    }
  }
  return CamError::None();
}

}  // namespace ptpcam

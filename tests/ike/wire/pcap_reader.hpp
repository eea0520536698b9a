// SPDX-License-Identifier: GPL-2.0-or-later
// A small reader of classic pcap files (the format tcpdump -w writes) that gives
// the IKE datagrams in them: UDP payloads to or from port 500, and to or from
// port 4500 with the 4-octet non-ESP marker stripped (ESP packets and NAT-T
// keepalives skipped). Ethernet or Linux cooked captures, IPv4 and IPv6; test code.
#pragma once

#include "common/result.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ipsec::ike::test {

struct IkeDatagram {
    std::size_t frame = 0; // 1-based frame number in the capture
    std::uint16_t src_port = 0;
    std::uint16_t dst_port = 0;
    std::vector<std::uint8_t> payload;
};

Result<std::vector<IkeDatagram>> read_ike_datagrams(const std::string& pcap_path);

} // namespace ipsec::ike::test

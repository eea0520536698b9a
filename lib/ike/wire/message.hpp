// SPDX-License-Identifier: GPL-2.0-or-later
// An IKEv2 message: the header and its payload chain, in order.
#pragma once

#include "ike/wire/header.hpp"
#include "ike/wire/payloads.hpp"

#include <string>
#include <vector>

namespace ipsec::ike::wire {

struct Message {
    Header header;
    std::vector<Payload> payloads;

    bool operator==(const Message&) const = default;

    // "IKE_SA_INIT request 0 [ SA KE No N(NAT_DETECTION_SOURCE_IP) ]", for logs.
    std::string summary() const;
};

} // namespace ipsec::ike::wire

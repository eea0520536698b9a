// SPDX-License-Identifier: GPL-2.0-or-later
// Message::summary().
#include "ike/wire/message.hpp"

namespace ipsec::ike::wire {

std::string Message::summary() const {
    std::string s = exchange_type_name(header.exchange) +
                    (header.response ? " response " : " request ") +
                    std::to_string(header.message_id) + " [";
    for (const auto& p : payloads)
        s += " " + payload_summary(p);
    return s + " ]";
}

} // namespace ipsec::ike::wire

// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/engine/output.hpp"

namespace ipsec::ike::engine {

std::string event_type_name(EventType type) {
    switch (type) {
    case EventType::log:
        return "LOG";
    case EventType::ike_connecting:
        return "IKE_CONNECTING";
    case EventType::ike_established:
        return "IKE_ESTABLISHED";
    case EventType::ike_rekeyed:
        return "IKE_REKEYED";
    case EventType::ike_deleted:
        return "IKE_DELETED";
    case EventType::ike_failed:
        return "IKE_FAILED";
    case EventType::authentication_failed:
        return "AUTHENTICATION_FAILED";
    case EventType::no_proposal_chosen:
        return "NO_PROPOSAL_CHOSEN";
    case EventType::invalid_ke:
        return "INVALID_KE_PAYLOAD";
    case EventType::cookie:
        return "COOKIE";
    case EventType::child_installed:
        return "CHILD_INSTALLED";
    case EventType::child_rekeyed:
        return "CHILD_REKEYED";
    case EventType::child_deleted:
        return "CHILD_DELETED";
    case EventType::child_failed:
        return "CHILD_FAILED";
    case EventType::retransmit:
        return "RETRANSMIT";
    case EventType::peer_dead:
        return "PEER_DEAD";
    case EventType::message_dropped:
        return "MESSAGE_DROPPED";
    }
    return "EVENT";
}

} // namespace ipsec::ike::engine

// Finding payloads in a payload chain: the first of a type, notifies by type,
// and the first error notify (types below 16384).
#pragma once

#include "ike/wire/payloads.hpp"

#include <optional>
#include <vector>

namespace ipsec::ike::engine {

template <typename T>
const T* find_payload(const std::vector<wire::Payload>& payloads) {
    for (const auto& p : payloads)
        if (const T* found = std::get_if<T>(&p))
            return found;
    return nullptr;
}

template <typename T>
std::vector<const T*> find_payloads(const std::vector<wire::Payload>& payloads) {
    std::vector<const T*> out;
    for (const auto& p : payloads)
        if (const T* found = std::get_if<T>(&p))
            out.push_back(found);
    return out;
}

inline const wire::NotifyPayload* find_notify(const std::vector<wire::Payload>& payloads,
                                              wire::NotifyType type) {
    for (const auto& p : payloads)
        if (const auto* n = std::get_if<wire::NotifyPayload>(&p); n && n->type == type)
            return n;
    return nullptr;
}

inline std::vector<const wire::NotifyPayload*>
find_notifies(const std::vector<wire::Payload>& payloads, wire::NotifyType type) {
    std::vector<const wire::NotifyPayload*> out;
    for (const auto& p : payloads)
        if (const auto* n = std::get_if<wire::NotifyPayload>(&p); n && n->type == type)
            out.push_back(n);
    return out;
}

inline const wire::NotifyPayload* find_error_notify(const std::vector<wire::Payload>& payloads) {
    for (const auto& p : payloads)
        if (const auto* n = std::get_if<wire::NotifyPayload>(&p);
            n && static_cast<std::uint16_t>(n->type) < 16384)
            return n;
    return nullptr;
}

inline wire::NotifyPayload make_notify(wire::NotifyType type, wire::Bytes data = {},
                                       wire::ProtocolId protocol = wire::ProtocolId::none,
                                       wire::Bytes spi = {}) {
    wire::NotifyPayload n;
    n.protocol = protocol;
    n.spi = std::move(spi);
    n.type = type;
    n.data = std::move(data);
    return n;
}

} // namespace ipsec::ike::engine

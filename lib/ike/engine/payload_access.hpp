// SPDX-License-Identifier: GPL-2.0-or-later
// Finding payloads in a payload chain: the first of a type, notifies by type,
// and the first error notify (types below 16384).
#pragma once

#include "common/result.hpp"
#include "ike/wire/constants.hpp"
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

// A payload a handler cannot do without. The exchange rules have already
// refused a request that lacks one, but each handler checks again what it
// dereferences: INVALID_SYNTAX naming the payload when it is absent.
template <typename T>
Result<const T*> required_payload(const std::vector<wire::Payload>& payloads) {
    if (const T* found = find_payload<T>(payloads))
        return found;
    return Error::ike(static_cast<int>(wire::NotifyType::invalid_syntax),
                      "required payload " + wire::payload_type_name(wire::payload_type(T{})) +
                          " is missing");
}

// The peer's nonce: 16 to 256 octets (RFC 7296 2.10: at least 128 bits, and
// at least half the PRF's key size; 2.10 bounds it at 2048 bits).
inline Result<const wire::Bytes*> required_nonce(const std::vector<wire::Payload>& payloads) {
    auto nonce = required_payload<wire::NoncePayload>(payloads);
    if (!nonce)
        return nonce.error();
    const auto& data = (*nonce)->data;
    if (data.size() < 16 || data.size() > 256)
        return Error::ike(static_cast<int>(wire::NotifyType::invalid_syntax),
                          "nonce of " + std::to_string(data.size()) +
                              " octets (16 to 256 allowed)");
    return &data;
}

// The first error among checked payloads, or success when all are there.
template <typename... Results>
Result<void> first_missing(const Results&... results) {
    Result<void> out;
    auto check = [&out](const auto& r) {
        if (out && !r)
            out = r.error();
    };
    (check(results), ...);
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

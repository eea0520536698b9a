// SPDX-License-Identifier: GPL-2.0-or-later
// payload_type_number(), payload_type() and payload_summary().
#include "ike/wire/payloads.hpp"

#include <type_traits>

namespace ipsec::ike::wire {

namespace {

template <typename T>
constexpr PayloadType type_of() {
    if constexpr (std::is_same_v<T, SaPayload>)
        return PayloadType::sa;
    else if constexpr (std::is_same_v<T, KePayload>)
        return PayloadType::ke;
    else if constexpr (std::is_same_v<T, IdiPayload>)
        return PayloadType::idi;
    else if constexpr (std::is_same_v<T, IdrPayload>)
        return PayloadType::idr;
    else if constexpr (std::is_same_v<T, CertPayload>)
        return PayloadType::cert;
    else if constexpr (std::is_same_v<T, CertreqPayload>)
        return PayloadType::certreq;
    else if constexpr (std::is_same_v<T, AuthPayload>)
        return PayloadType::auth;
    else if constexpr (std::is_same_v<T, NoncePayload>)
        return PayloadType::nonce;
    else if constexpr (std::is_same_v<T, NotifyPayload>)
        return PayloadType::notify;
    else if constexpr (std::is_same_v<T, DeletePayload>)
        return PayloadType::del;
    else if constexpr (std::is_same_v<T, VendorIdPayload>)
        return PayloadType::vendor_id;
    else if constexpr (std::is_same_v<T, TsiPayload>)
        return PayloadType::tsi;
    else if constexpr (std::is_same_v<T, TsrPayload>)
        return PayloadType::tsr;
    else if constexpr (std::is_same_v<T, EncryptedPayload>)
        return PayloadType::sk;
    else if constexpr (std::is_same_v<T, ConfigPayload>)
        return PayloadType::cp;
    else if constexpr (std::is_same_v<T, EapPayload>)
        return PayloadType::eap;
    else if constexpr (std::is_same_v<T, EncryptedFragmentPayload>)
        return PayloadType::skf;
    else
        return PayloadType::none; // UnknownPayload: its own number
}

} // namespace

std::uint8_t payload_type_number(const Payload& payload) {
    if (const auto* unknown = std::get_if<UnknownPayload>(&payload))
        return unknown->type;
    return static_cast<std::uint8_t>(payload_type(payload));
}

PayloadType payload_type(const Payload& payload) {
    return std::visit(
        [](const auto& p) {
            using T = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<T, UnknownPayload>)
                return static_cast<PayloadType>(p.type);
            else
                return type_of<T>();
        },
        payload);
}

std::string payload_summary(const Payload& payload) {
    if (const auto* n = std::get_if<NotifyPayload>(&payload))
        return "N(" + notify_type_name(n->type) + ")";
    if (const auto* f = std::get_if<EncryptedFragmentPayload>(&payload))
        return "SKF(" + std::to_string(f->number) + "/" + std::to_string(f->total) + ")";
    if (const auto* u = std::get_if<UnknownPayload>(&payload))
        return "UNKNOWN(" + std::to_string(u->type) + ")";
    switch (payload_type(payload)) {
    case PayloadType::nonce:
        return "No";
    case PayloadType::del:
        return "D";
    case PayloadType::vendor_id:
        return "V";
    default:
        return payload_type_name(payload_type(payload));
    }
}

} // namespace ipsec::ike::wire

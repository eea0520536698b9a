// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/engine/exchange_rules.hpp"

#include "ike/engine/payload_access.hpp"
#include "ike/wire/constants.hpp"

#include <string>

namespace ipsec::ike::engine {

namespace {

using P = wire::PayloadType;
using E = wire::ExchangeType;

PayloadRule req(P type) {
    return {type, true, false};
}
PayloadRule opt(P type) {
    return {type, false, false};
}
PayloadRule many(P type) {
    return {type, false, true};
}

const std::vector<ExchangeRule>& rules() {
    static const std::vector<ExchangeRule> table = {
        {E::ike_sa_init,
         false,
         false,
         {req(P::sa), req(P::ke), req(P::nonce), many(P::notify), many(P::vendor_id),
          many(P::certreq)}},
        {E::ike_sa_init,
         true,
         false,
         {req(P::sa), req(P::ke), req(P::nonce), many(P::notify), many(P::vendor_id),
          many(P::certreq)}},
        {E::ike_auth,
         false,
         true,
         {req(P::idi), req(P::auth), opt(P::idr), many(P::cert), many(P::certreq), opt(P::sa),
          opt(P::tsi), opt(P::tsr), many(P::notify), opt(P::cp), many(P::vendor_id)}},
        {E::ike_auth,
         true,
         true,
         {req(P::idr), req(P::auth), many(P::cert), opt(P::sa), opt(P::tsi), opt(P::tsr),
          many(P::notify), opt(P::cp), many(P::vendor_id)}},
        {E::create_child_sa,
         false,
         true,
         {req(P::sa), req(P::nonce), opt(P::ke), opt(P::tsi), opt(P::tsr), many(P::notify),
          many(P::vendor_id)}},
        {E::create_child_sa,
         true,
         true,
         {req(P::sa), req(P::nonce), opt(P::ke), opt(P::tsi), opt(P::tsr), many(P::notify),
          many(P::vendor_id)}},
        {E::informational,
         false,
         true,
         {many(P::notify), many(P::del), opt(P::cp), many(P::vendor_id)}},
        {E::informational,
         true,
         true,
         {many(P::notify), many(P::del), opt(P::cp), many(P::vendor_id)}},
    };
    return table;
}

} // namespace

const ExchangeRule* find_exchange_rule(wire::ExchangeType exchange, bool response) {
    for (const auto& rule : rules())
        if (rule.exchange == exchange && rule.response == response)
            return &rule;
    return nullptr;
}

Result<void> check_payloads(const ExchangeRule& rule, const std::vector<wire::Payload>& payloads) {
    const int invalid_syntax = static_cast<int>(wire::NotifyType::invalid_syntax);
    std::string where =
        wire::exchange_type_name(rule.exchange) + (rule.response ? " response" : " request");
    // Only a response may leave out what its exchange requires, and only to
    // report an error (RFC 7296 2.21) or, in IKE_SA_INIT, to ask for a COOKIE
    // (2.6). A request must always be complete: whatever it also carries.
    bool notify_only =
        rule.response && (find_error_notify(payloads) != nullptr ||
                          (rule.exchange == wire::ExchangeType::ike_sa_init &&
                           find_notify(payloads, wire::NotifyType::cookie) != nullptr));
    for (const auto& payload : payloads) {
        if (std::holds_alternative<wire::UnknownPayload>(payload))
            continue; // non-critical unknown payloads are ignored (RFC 7296 2.5)
        auto type = wire::payload_type(payload);
        const PayloadRule* found = nullptr;
        for (const auto& r : rule.payloads)
            if (r.type == type)
                found = &r;
        if (!found)
            return Error::ike(invalid_syntax, where + ": payload " + wire::payload_type_name(type) +
                                                  " is not allowed here");
        if (!found->repeatable) {
            std::size_t count = 0;
            for (const auto& other : payloads)
                if (!std::holds_alternative<wire::UnknownPayload>(other) &&
                    wire::payload_type(other) == type)
                    ++count;
            if (count > 1)
                return Error::ike(invalid_syntax, where + ": payload " +
                                                      wire::payload_type_name(type) + " appears " +
                                                      std::to_string(count) + " times");
        }
    }
    if (notify_only)
        return success();
    for (const auto& r : rule.payloads) {
        if (!r.required)
            continue;
        bool present = false;
        for (const auto& payload : payloads)
            if (!std::holds_alternative<wire::UnknownPayload>(payload) &&
                wire::payload_type(payload) == r.type)
                present = true;
        if (!present)
            return Error::ike(invalid_syntax, where + ": required payload " +
                                                  wire::payload_type_name(r.type) + " is missing");
    }
    return success();
}

} // namespace ipsec::ike::engine

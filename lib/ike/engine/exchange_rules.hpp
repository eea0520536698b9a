// SPDX-License-Identifier: GPL-2.0-or-later
// Exchanges as data (DESIGN.md principle 5): for each exchange and direction,
// which payloads must be there, which may, and whether they travel inside SK.
// A received message is checked against its row before any task sees it; a
// message that carries an error notify (or a COOKIE) only needs the notify.
#pragma once

#include "common/result.hpp"
#include "ike/wire/payloads.hpp"

#include <vector>

namespace ipsec::ike::engine {

struct PayloadRule {
    wire::PayloadType type;
    bool required = false;
    bool repeatable = false;
};

struct ExchangeRule {
    wire::ExchangeType exchange;
    bool response;
    bool encrypted;
    std::vector<PayloadRule> payloads;
};

// nullptr for an exchange this engine does not handle.
const ExchangeRule* find_exchange_rule(wire::ExchangeType exchange, bool response);

// Error INVALID_SYNTAX naming the payload missing, repeated or out of place.
// `payloads` is the plaintext chain (inside SK for encrypted exchanges).
Result<void> check_payloads(const ExchangeRule& rule, const std::vector<wire::Payload>& payloads);

} // namespace ipsec::ike::engine

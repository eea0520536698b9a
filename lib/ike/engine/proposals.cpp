// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/engine/proposals.hpp"

#include "ike/crypto/proposal_parser.hpp"
#include "ike/wire/constants.hpp"

#include <algorithm>

namespace ipsec::ike::engine {

namespace {

// charon writes the transforms as encryption, integrity, PRF, key exchange, ESN.
int type_rank(crypto::TransformType type) {
    switch (type) {
    case crypto::TransformType::encr:
        return 0;
    case crypto::TransformType::integ:
        return 1;
    case crypto::TransformType::prf:
        return 2;
    case crypto::TransformType::ke:
        return 3;
    case crypto::TransformType::esn:
        return 4;
    }
    return 5;
}

} // namespace

wire::Proposal to_wire(const crypto::Proposal& proposal) {
    wire::Proposal out;
    out.number = proposal.number;
    out.protocol = static_cast<wire::ProtocolId>(proposal.protocol);
    out.spi = proposal.spi;
    auto transforms = proposal.transforms;
    std::stable_sort(transforms.begin(), transforms.end(),
                     [](const crypto::Transform& a, const crypto::Transform& b) {
                         return type_rank(a.type) < type_rank(b.type);
                     });
    for (const auto& t : transforms) {
        wire::Transform wt;
        wt.type = static_cast<wire::TransformType>(t.type);
        wt.id = t.id;
        if (t.key_length != 0)
            wt.attributes.push_back(wire::TransformAttribute::key_length(t.key_length));
        out.transforms.push_back(std::move(wt));
    }
    return out;
}

Result<crypto::Proposal> from_wire(const wire::Proposal& proposal) {
    crypto::Proposal out;
    auto protocol = static_cast<std::uint8_t>(proposal.protocol);
    if (protocol < 1 || protocol > 3)
        return Error::ike(static_cast<int>(wire::NotifyType::invalid_syntax),
                          "proposal " + std::to_string(proposal.number) + " has protocol id " +
                              std::to_string(protocol));
    out.protocol = static_cast<crypto::Protocol>(protocol);
    out.number = proposal.number;
    out.spi = proposal.spi;
    for (const auto& wt : proposal.transforms) {
        auto type = static_cast<std::uint8_t>(wt.type);
        if (type < 1 || type > 5)
            continue; // RFC 9370 additional key exchanges: not offered by us, ignored
        crypto::Transform t;
        t.type = static_cast<crypto::TransformType>(type);
        t.id = wt.id;
        for (const auto& attribute : wt.attributes) {
            if (attribute.type !=
                    static_cast<std::uint16_t>(wire::TransformAttributeType::key_length) ||
                !attribute.tv)
                return Error::ike(static_cast<int>(wire::NotifyType::invalid_syntax),
                                  "proposal " + std::to_string(proposal.number) +
                                      ": transform attribute " + std::to_string(attribute.type) +
                                      " is not a Key Length");
            t.key_length = attribute.value;
        }
        out.transforms.push_back(t);
    }
    return out;
}

wire::SaPayload sa_payload(const std::vector<crypto::Proposal>& proposals,
                           const crypto::Bytes& spi) {
    wire::SaPayload sa;
    std::uint8_t number = 1;
    for (auto proposal : proposals) {
        proposal.number = number++;
        proposal.spi = spi;
        sa.proposals.push_back(to_wire(proposal));
    }
    return sa;
}

Result<std::vector<crypto::Proposal>> from_wire(const wire::SaPayload& sa) {
    std::vector<crypto::Proposal> out;
    for (const auto& p : sa.proposals) {
        auto converted = from_wire(p);
        if (!converted)
            return converted.error();
        out.push_back(std::move(*converted));
    }
    return out;
}

Result<std::vector<crypto::Proposal>> configured(crypto::Protocol protocol,
                                                 const std::vector<crypto::Proposal>& list) {
    if (!list.empty())
        return list;
    return crypto::configured_proposals(protocol, std::nullopt);
}

Result<std::vector<crypto::Proposal>> parse_proposals(crypto::Protocol protocol,
                                                      const std::optional<std::string>& text) {
    if (!text)
        return std::vector<crypto::Proposal>{};
    return crypto::configured_proposals(protocol, std::string_view(*text));
}

std::string to_string(const std::vector<crypto::Proposal>& proposals) {
    std::string out;
    for (const auto& p : proposals) {
        if (!out.empty())
            out += ", ";
        out += crypto::to_string(p);
    }
    return out;
}

} // namespace ipsec::ike::engine

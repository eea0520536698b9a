// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/crypto/proposal.hpp"

#include "ike/crypto/transform_registry.hpp"

#include <algorithm>

namespace ipsec::ike::crypto {

std::vector<Transform> Proposal::of_type(TransformType type) const {
    std::vector<Transform> out;
    for (const Transform& t : transforms)
        if (t.type == type)
            out.push_back(t);
    return out;
}

bool Proposal::has(TransformType type) const {
    return std::any_of(transforms.begin(), transforms.end(),
                       [type](const Transform& t) { return t.type == type; });
}

void Proposal::add(const Transform& transform) {
    if (std::find(transforms.begin(), transforms.end(), transform) == transforms.end())
        transforms.push_back(transform);
}

std::string_view protocol_name(Protocol protocol) {
    switch (protocol) {
    case Protocol::ike:
        return "IKE";
    case Protocol::ah:
        return "AH";
    case Protocol::esp:
        return "ESP";
    }
    return "UNKNOWN";
}

std::string to_string(const Proposal& proposal) {
    std::string out(protocol_name(proposal.protocol));
    out += ':';
    bool first = true;
    for (TransformType type : {TransformType::encr, TransformType::integ, TransformType::prf,
                               TransformType::ke, TransformType::esn}) {
        for (const Transform& t : proposal.of_type(type)) {
            if (!first)
                out += '/';
            out += transform_name(t);
            first = false;
        }
    }
    return out;
}

} // namespace ipsec::ike::crypto

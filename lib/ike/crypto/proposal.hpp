// SPDX-License-Identifier: GPL-2.0-or-later
// A proposal as the SA payload carries it (RFC 7296 section 3.3), in plain
// types: the engine converts wire SA payloads to and from these.
#pragma once

#include "ike/crypto/bytes.hpp"
#include "ike/crypto/transform_ids.hpp"

#include <string>
#include <vector>

namespace ipsec::ike::crypto {

struct Proposal {
    Protocol protocol = Protocol::ike;
    std::uint8_t number = 0; // Proposal Num of a received or selected proposal
    Bytes spi;               // empty in IKE_SA_INIT; 4 bytes for ESP/AH
    std::vector<Transform> transforms;

    friend bool operator==(const Proposal&, const Proposal&) = default;

    // The transforms of one type, in their order.
    std::vector<Transform> of_type(TransformType type) const;
    bool has(TransformType type) const;
    // Appends a transform unless an equal one is already there.
    void add(const Transform& transform);
};

// strongSwan's notation, as charon logs it: "IKE:AES_CBC_128/HMAC_SHA2_256_128/
// PRF_HMAC_SHA2_256/CURVE_25519", "ESP:AES_GCM_16_256/NO_EXT_SEQ"; the
// transforms grouped by type (encryption, integrity, PRF, KE, ESN).
std::string to_string(const Proposal& proposal);
std::string_view protocol_name(Protocol protocol);

} // namespace ipsec::ike::crypto

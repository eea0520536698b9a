// SPDX-License-Identifier: GPL-2.0-or-later
// The IKE header (RFC 7296 section 3.1): 28 octets in front of every IKEv2 message.
#pragma once

#include "ike/wire/constants.hpp"

#include <cstddef>
#include <cstdint>

namespace ipsec::ike::wire {

struct Header {
    static constexpr std::size_t size = 28;
    static constexpr std::uint8_t flag_initiator = 0x08;
    static constexpr std::uint8_t flag_version = 0x10;
    static constexpr std::uint8_t flag_response = 0x20;

    std::uint64_t spi_i = 0;
    std::uint64_t spi_r = 0;
    // The type of the first payload. serialize() writes the type of the message's
    // first payload instead; parse() fills it from the wire.
    PayloadType next_payload = PayloadType::none;
    std::uint8_t major_version = 2;
    std::uint8_t minor_version = 0;
    ExchangeType exchange = ExchangeType::ike_sa_init;
    bool initiator = false; // I: sent by the original initiator of the IKE SA
    bool version = false;   // V: the sender can speak a higher major version
    bool response = false;  // R: this message is a response
    // The five flag bits RFC 7296 reserves (sent as 0, ignored on receipt), kept so
    // that a parsed message re-serializes byte for byte.
    std::uint8_t reserved_flags = 0;
    std::uint32_t message_id = 0;
    // The total length of the message. serialize() writes the real length;
    // parse() fills it from the wire (and checks it against the datagram).
    std::uint32_t length = 0;

    std::uint8_t flags() const {
        return static_cast<std::uint8_t>((initiator ? flag_initiator : 0) |
                                         (version ? flag_version : 0) |
                                         (response ? flag_response : 0) | reserved_flags);
    }

    bool operator==(const Header&) const = default;
};

} // namespace ipsec::ike::wire

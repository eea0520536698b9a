// SPDX-License-Identifier: GPL-2.0-or-later
// Test helpers that read the strongSwan captures of tests/ike/data: the pcap
// (Ethernet, IPv4, UDP 500/4500 with the non-ESP marker), charon's level-4 log
// (labelled hex dumps), and just enough of the IKE message format to find
// payloads. Deliberately independent of lib/ike/wire: these tests check the
// crypto against charon, not the codec.
#pragma once

#include "ike/crypto/bytes.hpp"
#include "ike/crypto/encryption.hpp"
#include "ike/crypto/proposal.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace ipsec::ike::crypto::test {

std::string data_path(std::string_view name);

struct Datagram {
    std::string src;
    std::uint16_t src_port = 0;
    std::uint16_t dst_port = 0;
    Bytes message; // the IKE message (non-ESP marker stripped)
};

std::vector<Datagram> read_pcap(const std::string& path);

struct LogValue {
    std::string label; // e.g. "SKEYSEED", "Sk_d secret"
    Bytes value;
    bool complete = true; // charon shortens long dumps
};

std::vector<LogValue> read_charon_log(const std::string& path);

// The nth complete value with this label, in log order; fails the test if absent.
Bytes log_value(const std::vector<LogValue>& log, std::string_view label, int nth = 0);

struct Payload {
    std::uint8_t type = 0;
    std::uint8_t next = 0;
    Bytes body;             // without the 4-byte generic header
    std::size_t offset = 0; // of the generic header in the message
};

struct IkeMessage {
    Bytes raw;
    Bytes spi_i, spi_r;
    std::uint8_t exchange = 0;
    std::uint8_t flags = 0;
    std::uint32_t id = 0;
    std::vector<Payload> payloads;

    const Payload& find(std::uint8_t type) const;
};

IkeMessage parse_message(const Bytes& raw);
std::vector<Payload> parse_payloads(std::uint8_t first, ByteView data);

// Decrypts the SK payload (or one SKF fragment) of a message; `first` gets
// the type of the first inner payload (0 for SKF fragments after the first).
Bytes open_encrypted(const IkeMessage& message, const Encryption& cipher, std::uint8_t& first);

// The proposals of an SA payload body, as plain Proposals.
std::vector<Proposal> parse_sa(ByteView body);

} // namespace ipsec::ike::crypto::test

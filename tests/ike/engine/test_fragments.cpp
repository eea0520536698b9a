// SPDX-License-Identifier: GPL-2.0-or-later
// Receiving IKE fragments (RFC 7383): each SKF checked and decrypted alone,
// the message reassembled in any order, a tampered fragment refused.
#include "ike/crypto/sk_ciphers.hpp"
#include "ike/engine/ike_sa.hpp"
#include "ike/wire/codec.hpp"
#include "support/deterministic_rng.hpp"

#include <catch2/catch.hpp>
#include <cstring>

using namespace ipsec::ike::engine;
namespace wire = ipsec::ike::wire;
namespace crypto = ipsec::ike::crypto;

namespace {

struct Peers {
    crypto::DeterministicRng rng{77};
    IkeSa sender, receiver;
    Peers() {
        crypto::IkeSuite suite{crypto::EncrId::aes_gcm_16, 256, std::nullopt,
                               crypto::PrfId::hmac_sha2_384, crypto::KeId::ecp_384};
        auto keys = crypto::derive_ike_sa(suite, rng.bytes(48), rng.bytes(32), rng.bytes(32),
                                          rng.bytes(8), rng.bytes(8));
        REQUIRE(keys.ok());
        sender.ciphers.emplace(crypto::make_sk_ciphers(suite, *keys, true).value());
        receiver.ciphers.emplace(crypto::make_sk_ciphers(suite, *keys, false).value());
        sender.suite = receiver.suite = suite;
        sender.fragmentation = receiver.fragmentation = true; // both sent the notify
    }

    // The payloads as `total` SKF fragments of a request with message ID `id`.
    std::vector<std::vector<std::uint8_t>> fragments(const std::vector<wire::Payload>& inner,
                                                     std::uint16_t total, std::uint32_t id) {
        wire::Header h;
        h.spi_i = 1;
        h.spi_r = 2;
        h.exchange = wire::ExchangeType::create_child_sa;
        h.initiator = true;
        h.message_id = id;
        const auto& cipher = sender.ciphers->outbound;
        wire::SkEncryptor encryptor;
        encryptor.body_size = [&cipher](std::size_t n) {
            return cipher.body_size(n);
        };
        encryptor.seal = [&](std::span<std::uint8_t> d, std::size_t offset,
                             std::span<const std::uint8_t> plain) -> ipsec::Result<void> {
            auto body = cipher.encrypt(d.first(offset), plain, rng);
            if (!body)
                return body.error();
            std::memcpy(d.data() + offset, body->data(), body->size());
            return ipsec::success();
        };
        auto plain = wire::serialize_payloads(inner);
        std::vector<std::vector<std::uint8_t>> out;
        std::size_t chunk = (plain.size() + total - 1) / total;
        for (std::uint16_t n = 1; n <= total; ++n) {
            std::size_t from = (n - 1) * chunk;
            std::size_t to = std::min(plain.size(), from + chunk);
            auto bytes = wire::serialize_encrypted_fragment(
                h, static_cast<wire::PayloadType>(wire::payload_type_number(inner[0])), n, total,
                std::span<const std::uint8_t>(plain).subspan(from, to - from), encryptor);
            REQUIRE(bytes.ok());
            out.push_back(*bytes);
        }
        return out;
    }

    ipsec::Result<std::optional<std::vector<wire::Payload>>>
    receive(const std::vector<std::uint8_t>& bytes) {
        auto m = wire::parse(bytes);
        REQUIRE(m.ok());
        return receiver.unprotect(*m, bytes);
    }
};

std::vector<wire::Payload> sample() {
    wire::NotifyPayload rekey;
    rekey.type = wire::NotifyType::rekey_sa;
    rekey.protocol = wire::ProtocolId::esp;
    rekey.spi = {0xc0, 1, 2, 3};
    wire::NoncePayload nonce{std::vector<std::uint8_t>(32, 0x5a)};
    wire::KePayload ke{20, std::vector<std::uint8_t>(96, 0x33)};
    return {rekey, nonce, ke};
}

} // namespace

TEST_CASE("SKF fragments reassemble in any order", "[engine][fragments]") {
    Peers p;
    auto parts = p.fragments(sample(), 3, 2);
    REQUIRE(parts.size() == 3);
    auto r3 = p.receive(parts[2]);
    REQUIRE(r3.ok());
    CHECK_FALSE(r3->has_value());
    auto r1 = p.receive(parts[0]);
    REQUIRE(r1.ok());
    CHECK_FALSE(r1->has_value());
    auto r2 = p.receive(parts[1]);
    REQUIRE(r2.ok());
    REQUIRE(r2->has_value());
    CHECK(**r2 == sample());
    CHECK_FALSE(p.receiver.reassembly);
}

TEST_CASE("a tampered SKF fragment is refused and not kept", "[engine][fragments]") {
    Peers p;
    auto parts = p.fragments(sample(), 2, 3);
    auto bad = parts[1];
    bad[bad.size() - 1] ^= 1; // ICV
    auto r = p.receive(bad);
    CHECK_FALSE(r.ok());
    REQUIRE(p.receive(parts[0]).ok());
    CHECK(p.receiver.reassembly->plaintexts.size() == 1);
    auto done = p.receive(parts[1]);
    REQUIRE(done.ok());
    REQUIRE(done->has_value());
    CHECK(**done == sample());
    // a message in a single fragment is complete at once
    auto single = p.receive(p.fragments(sample(), 1, 4).at(0));
    REQUIRE(single.ok());
    CHECK(single->has_value());
}

TEST_CASE("fragments of a newer message replace an unfinished one", "[engine][fragments]") {
    Peers p;
    auto old_parts = p.fragments(sample(), 2, 5);
    auto new_parts = p.fragments(sample(), 2, 6);
    REQUIRE(p.receive(old_parts[0]).ok());
    REQUIRE(p.receive(new_parts[0]).ok());
    CHECK(p.receiver.reassembly->message_id == 6);
    auto done = p.receive(new_parts[1]);
    REQUIRE(done.ok());
    CHECK(done->has_value());
}

TEST_CASE("SKF fragments are refused when fragmentation was not negotiated",
          "[engine][fragments]") {
    Peers p;
    p.receiver.fragmentation = false;
    auto parts = p.fragments(sample(), 2, 2);
    auto r = p.receive(parts[0]);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("not negotiated") != std::string::npos);
    CHECK_FALSE(p.receiver.reassembly);
}

TEST_CASE("SKF reassembly stops at its byte cap", "[engine][fragments]") {
    Peers p;
    p.receiver.fragment_bytes_max = 40;
    auto parts = p.fragments(sample(), 3, 2); // about 50 octets of inner payloads each third
    bool refused = false;
    for (const auto& part : parts) {
        auto r = p.receive(part);
        if (!r.ok()) {
            refused = r.error().message.find("exceed 40 octets") != std::string::npos;
            break;
        }
    }
    CHECK(refused);
    CHECK_FALSE(p.receiver.reassembly);
}

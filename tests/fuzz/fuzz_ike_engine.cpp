// SPDX-License-Identifier: GPL-2.0-or-later
// Stateful libFuzzer target for the IKE engine as a responder. Each input is a
// list of records; the attacker (tests/ike/engine/attacker.hpp) first opens an
// IKE_SA with the engine and, unless the input says otherwise, authenticates
// with the right PSK, so encrypted records reach the IKE_AUTH,
// CREATE_CHILD_SA and INFORMATIONAL handlers, not only the codec.
//
// Input: byte 0 bit 0: authenticate first; then records of
//   kind (1 octet), length (2 octets, big endian), data:
//   kind % 5 == 0: a raw datagram to port 500
//   kind % 5 == 1: a raw datagram to port 4500 (non-ESP marker added)
//   kind % 5 == 2: data[0] = exchange, data[1] = first payload type, the rest a
//                  payload chain: parsed, and when it parses, sent in an SK
//                  payload with the next message ID
//   kind % 5 == 3: as 2, but the plaintext goes as it is in a single SKF
//                  fragment (the inner parser sees the raw bytes)
//   kind % 5 == 4: time passes (data[0] seconds): timers fire
#include "../ike/engine/attacker.hpp"
#include "../ike/engine/harness.hpp"

#include <cstring>

using namespace ike_engine_test;
namespace wire = ipsec::ike::wire;

namespace {

const std::string k_psk = "lab-secret-0123456789";

struct Target {
    Node bob{"bob", k_bob, 7};
    Target() {
        auto conf = host_host(k_bob, k_alice, k_psk);
        conf.remote = Endpoint{};
        conf.remote_id = std::nullopt;
        conf.dpddelay = std::chrono::seconds(30);
        bob.engine.add_peer(conf).value();
    }
    std::vector<Datagram> deliver(const Endpoint& from, const Endpoint& to,
                                  const std::vector<std::uint8_t>& bytes) {
        bob.outbox.clear();
        bob.engine.on_datagram(to, from, bytes, bob.now);
        auto out = std::move(bob.outbox);
        bob.outbox.clear();
        return out;
    }
};

std::vector<std::uint8_t> skf_message(hostile::Attacker& a, wire::ExchangeType exchange,
                                      std::uint32_t id, wire::PayloadType first,
                                      std::span<const std::uint8_t> plain) {
    auto& sa = a.sa();
    if (!sa.ciphers)
        return {};
    const auto& cipher = sa.ciphers->outbound;
    wire::SkEncryptor encryptor;
    encryptor.body_size = [&cipher](std::size_t n) {
        return cipher.body_size(n);
    };
    encryptor.seal = [&](std::span<std::uint8_t> d, std::size_t offset,
                         std::span<const std::uint8_t> p) -> ipsec::Result<void> {
        auto body = cipher.encrypt(d.first(offset), p, a.rng());
        if (!body)
            return body.error();
        if (body->size() != d.size() - offset)
            return ipsec::Error::plain("size");
        std::memcpy(d.data() + offset, body->data(), body->size());
        return ipsec::success();
    };
    auto bytes = wire::serialize_encrypted_fragment(sa.header(exchange, false, id), first, 1, 1,
                                                    plain, encryptor);
    return bytes ? *bytes : std::vector<std::uint8_t>{};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1)
        return 0;
    Target t;
    auto a = hostile::Attacker(
        endpoint(k_alice), endpoint(k_bob),
        [&t](const Endpoint& f, const Endpoint& to, const std::vector<std::uint8_t>& b) {
            return t.deliver(f, to, b);
        });
    bool opened = a.open();
    if (opened && (data[0] & 1))
        a.authenticate(k_psk);
    std::uint32_t id = a.next_id();
    std::size_t at = 1;
    while (at + 3 <= size) {
        std::uint8_t kind = data[at];
        std::size_t length = (std::size_t(data[at + 1]) << 8) | data[at + 2];
        at += 3;
        length = std::min(length, size - at);
        std::span<const std::uint8_t> body(data + at, length);
        at += length;
        switch (kind % 5) {
        case 0:
        case 1:
            a.send_raw(std::vector<std::uint8_t>(body.begin(), body.end()),
                       kind % 5 == 0 ? 500 : 4500);
            break;
        case 2:
        case 3: {
            if (!opened || body.size() < 2)
                break;
            auto exchange = static_cast<wire::ExchangeType>(body[0]);
            auto first = static_cast<wire::PayloadType>(body[1]);
            auto rest = body.subspan(2);
            std::vector<std::uint8_t> bytes;
            if (kind % 5 == 2) {
                auto payloads = wire::parse_payloads(first, rest);
                if (!payloads)
                    break;
                auto sealed = a.sa().protect(a.sa().header(exchange, false, id), *payloads,
                                             a.rng());
                if (!sealed)
                    break;
                bytes = std::move(*sealed);
            } else {
                bytes = skf_message(a, exchange, id, first, rest);
            }
            if (!bytes.empty()) {
                a.send_raw(bytes, 4500);
                ++id;
            }
            break;
        }
        case 4:
            t.bob.now += std::chrono::seconds(body.empty() ? 1 : body[0]);
            t.bob.engine.on_timer(t.bob.now);
            break;
        }
    }
    return 0;
}

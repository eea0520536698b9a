// SPDX-License-Identifier: GPL-2.0-or-later
// What real strongSwan 5.9.8 charon sent in the captures (tests/ike/data) against
// the engine: every message charon sent or received passes our exchange rules,
// and our responder answers charon's real IKE_SA_INIT request with the suite
// charon's responder chose.
#include "../wire/charon_log.hpp"
#include "harness.hpp"
#include "ike/engine/exchange_rules.hpp"
#include "ike/engine/payload_access.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

using namespace ike_engine_test;
namespace wire = ipsec::ike::wire;

namespace {

const std::string data_dir = IKE_DATA_DIR;

std::vector<std::uint8_t> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST_CASE("every SK plaintext charon logged passes our exchange rules", "[engine][charon]") {
    std::size_t checked = 0;
    for (const char* log : {"host-host-alice", "host-host-bob", "net-net-alice", "net-net-bob",
                            "host-host-keys-alice"}) {
        CAPTURE(log);
        auto entries = ipsec::ike::test::read_logged_plaintexts(data_dir + "/" + log + ".log");
        REQUIRE(entries.ok());
        for (const auto& e : *entries) {
            if (e.fragment)
                continue; // fragments only make sense reassembled
            CAPTURE(e.line);
            REQUIRE(e.assoc.size() >= 32);
            auto exchange = static_cast<wire::ExchangeType>(e.assoc[18]);
            bool response = (e.assoc[19] & 0x20) != 0;
            auto first = static_cast<wire::PayloadType>(e.assoc[28]);
            auto payloads = wire::parse_payloads(first, e.plain);
            REQUIRE(payloads.ok());
            const auto* rule = find_exchange_rule(exchange, response);
            REQUIRE(rule);
            auto ok = check_payloads(*rule, *payloads);
            INFO((wire::Message{{}, *payloads}.summary()));
            CHECK(ok.ok());
            ++checked;
        }
    }
    CHECK(checked >= 30);
}

TEST_CASE("charon's IKE_SA_INIT datagrams pass our rules; our responder answers charon's "
          "request with charon's choice",
          "[engine][charon]") {
    auto request_bytes = read_file(data_dir + "/corpus/host-host-01.bin");
    auto response_bytes = read_file(data_dir + "/corpus/host-host-02.bin");
    auto request = wire::parse(request_bytes);
    auto response = wire::parse(response_bytes);
    REQUIRE(request.ok());
    REQUIRE(response.ok());
    CHECK(check_payloads(*find_exchange_rule(wire::ExchangeType::ike_sa_init, false),
                         request->payloads)
              .ok());
    CHECK(check_payloads(*find_exchange_rule(wire::ExchangeType::ike_sa_init, true),
                         response->payloads)
              .ok());

    Network net(30);
    auto& bob = net.add(std::make_unique<Node>("bob", k_bob, 31));
    bob.engine.add_peer(host_host(k_bob, k_alice)).value();
    bob.engine.on_datagram(endpoint(k_bob), endpoint(k_alice), request_bytes, Time(0));
    INFO(bob.dump());
    REQUIRE(bob.outbox.size() == 1);
    auto ours = wire::parse(bob.outbox[0].bytes);
    REQUIRE(ours.ok());
    CHECK(ours->header.spi_i == request->header.spi_i);
    CHECK(ours->header.spi_r != 0);
    CHECK(ours->header.response);
    const auto* sa = find_payload<wire::SaPayload>(ours->payloads);
    const auto* theirs = find_payload<wire::SaPayload>(response->payloads);
    REQUIRE(sa);
    REQUIRE(theirs);
    // the same proposal (number and transforms) charon's bob selected
    CHECK(sa->proposals == theirs->proposals);
    const auto* ke = find_payload<wire::KePayload>(ours->payloads);
    REQUIRE(ke);
    CHECK(ke->group == 31);
    CHECK(ke->data.size() == 32);
    CHECK(bob.logged("selected proposal: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/"
                     "CURVE_25519"));
    REQUIRE(bob.sas().size() == 1);
    CHECK(bob.sas()[0].state == IkeState::connecting);
    // charon retransmits the same bytes: the same answer, no second IKE_SA
    bob.engine.on_datagram(endpoint(k_bob), endpoint(k_alice), request_bytes, Time(4000));
    REQUIRE(bob.outbox.size() == 2);
    CHECK(bob.outbox[1].bytes == bob.outbox[0].bytes);
    CHECK(bob.sas().size() == 1);
}

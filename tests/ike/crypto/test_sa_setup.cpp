// SPDX-License-Identifier: GPL-2.0-or-later
// From negotiated suite and keys to working SK ciphers and kernel algorithms.
#include "support/deterministic_rng.hpp"
#include "ike/crypto/diffie_hellman.hpp"
#include "ike/crypto/kernel_algorithms.hpp"
#include "ike/crypto/sk_ciphers.hpp"
#include "test_util.hpp"

#include <catch2/catch.hpp>

using namespace ipsec::ike::crypto;
using ipsec::ike::crypto::test::hex;

TEST_CASE("two peers derive the same IKE_SA keys and talk through SK payloads", "[sa]") {
    DeterministicRng rng(5);
    for (IkeSuite suite :
         {IkeSuite{EncrId::aes_cbc, 128, IntegId::hmac_sha2_256_128, PrfId::hmac_sha2_256,
                   KeId::curve_25519},
          IkeSuite{EncrId::aes_gcm_16, 256, std::nullopt, PrfId::hmac_sha2_384, KeId::ecp_384},
          IkeSuite{EncrId::chacha20_poly1305, 0, std::nullopt, PrfId::hmac_sha2_512,
                   KeId::modp_2048}}) {
        CAPTURE(static_cast<int>(suite.encr));
        auto dh_i = create_diffie_hellman(suite.ke, rng);
        auto dh_r = create_diffie_hellman(suite.ke, rng);
        REQUIRE(dh_i.ok());
        REQUIRE(dh_r.ok());
        Bytes ni = rng.bytes(32), nr = rng.bytes(32), spi_i = rng.bytes(8), spi_r = rng.bytes(8);
        auto g_ir_i = (*dh_i)->shared_secret((*dh_r)->public_value());
        auto g_ir_r = (*dh_r)->shared_secret((*dh_i)->public_value());
        REQUIRE(g_ir_i.ok());
        REQUIRE(g_ir_r.ok());
        auto keys_i = derive_ike_sa(suite, *g_ir_i, ni, nr, spi_i, spi_r);
        auto keys_r = derive_ike_sa(suite, *g_ir_r, ni, nr, spi_i, spi_r);
        REQUIRE(keys_i.ok());
        REQUIRE(keys_r.ok());
        CHECK(keys_i->sk_d == keys_r->sk_d);

        auto initiator = make_sk_ciphers(suite, *keys_i, true);
        auto responder = make_sk_ciphers(suite, *keys_r, false);
        REQUIRE(initiator.ok());
        REQUIRE(responder.ok());
        const Bytes header =
            hex("0102030405060708a1a2a3a4a5a6a7a82e202308000000010000004c23000030");
        const Bytes request = hex("2900000c01000000c0a81b80");
        auto sent = initiator->outbound.encrypt(header, request, rng);
        REQUIRE(sent.ok());
        auto got = responder->inbound.decrypt(header, *sent);
        REQUIRE(got.ok());
        CHECK(*got == request);
        // A message protected in one direction does not pass the other.
        CHECK_FALSE(initiator->inbound.decrypt(header, *sent).ok());
        auto reply = responder->outbound.encrypt(header, request, rng);
        REQUIRE(reply.ok());
        CHECK(initiator->inbound.decrypt(header, *reply).ok());
    }
}

TEST_CASE("CHILD_SA suites map to kernel algorithms", "[sa][kernel]") {
    ChildSuite cbc{EncrId::aes_cbc, 256, IntegId::hmac_sha2_256_128, std::nullopt, false};
    auto a = kernel_algorithms(cbc, Bytes(32, 1), Bytes(32, 2));
    REQUIRE(a.ok());
    REQUIRE(a->enc);
    CHECK(a->enc->name == "cbc(aes)");
    CHECK(a->enc->key_bits == 256);
    REQUIRE(a->auth);
    CHECK(a->auth->name == "hmac(sha256)");
    CHECK(a->auth->icv_bits == 128u);
    CHECK_FALSE(a->aead);

    ChildSuite gcm{EncrId::aes_gcm_16, 128, std::nullopt, std::nullopt, false};
    auto g = kernel_algorithms(gcm, Bytes(20, 3), {});
    REQUIRE(g.ok());
    REQUIRE(g->aead);
    CHECK(g->aead->name == "rfc4106(gcm(aes))");
    CHECK(g->aead->key_bits == 160);
    CHECK(g->aead->icv_bits == 128u);

    ChildSuite chacha{EncrId::chacha20_poly1305, 0, std::nullopt, std::nullopt, false};
    auto c = kernel_algorithms(chacha, Bytes(36, 3), {});
    REQUIRE(c.ok());
    CHECK(c->aead->name == "rfc7539esp(chacha20,poly1305)");
    CHECK(c->aead->key_bits == 288);

    ChildSuite sha1{EncrId::aes_cbc, 128, IntegId::hmac_sha1_96, std::nullopt, false};
    auto wrong = kernel_algorithms(sha1, Bytes(16, 1), Bytes(16, 2));
    REQUIRE_FALSE(wrong.ok());
    CHECK_THAT(wrong.error().message,
               Catch::Contains("HMAC_SHA1_96 takes 20 bytes of key, got 16"));
}

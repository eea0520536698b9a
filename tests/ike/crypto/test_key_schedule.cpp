// SPDX-License-Identifier: GPL-2.0-or-later
// The key schedule: SKEYSEED (with the AES-PRF nonce rule), the SK_* split
// and lengths, CHILD_SA KEYMAT order, rekeyed SKEYSEED.
#include "ike/crypto/key_schedule.hpp"
#include "ike/crypto/prf.hpp"
#include "test_util.hpp"

#include <botan/mac.h>
#include <catch2/catch.hpp>

using namespace ipsec::ike::crypto;
using ipsec::ike::crypto::test::hex;

namespace {

const Bytes k_ni = hex("00112233445566778899aabbccddeeff0123456789abcdef0123456789abcdef");
const Bytes k_nr = hex("ffeeddccbbaa99887766554433221100fedcba9876543210fedcba9876543210");
const Bytes k_spi_i = hex("4210dd259a42e738");
const Bytes k_spi_r = hex("300ab551e6e3479b");
const Bytes k_g_ir = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

Bytes hmac(const char* name, ByteView key, ByteView data) {
    auto mac = Botan::MessageAuthenticationCode::create_or_throw(name);
    mac->set_key(key.data(), key.size());
    mac->update(data.data(), data.size());
    auto out = mac->final();
    return Bytes(out.begin(), out.end());
}

Bytes prf_plus(PrfId id, ByteView key, ByteView seed, std::size_t length) {
    auto prf = Prf::create(id);
    REQUIRE(prf.ok());
    auto out = prf->prf_plus(key, seed, length);
    REQUIRE(out.ok());
    return *out;
}

} // namespace

TEST_CASE("SKEYSEED = prf(Ni | Nr, g^ir)", "[keys]") {
    auto skeyseed = compute_skeyseed(PrfId::hmac_sha2_256, k_ni, k_nr, k_g_ir);
    REQUIRE(skeyseed.ok());
    CHECK(*skeyseed == hmac("HMAC(SHA-256)", concat({k_ni, k_nr}), k_g_ir));

    auto sha1 = compute_skeyseed(PrfId::hmac_sha1, k_ni, k_nr, k_g_ir);
    REQUIRE(sha1.ok());
    CHECK(*sha1 == hmac("HMAC(SHA-1)", concat({k_ni, k_nr}), k_g_ir));
}

TEST_CASE("AES-XCBC and AES-CMAC PRFs key SKEYSEED with 8 bytes of each nonce", "[keys]") {
    for (PrfId id : {PrfId::aes128_xcbc, PrfId::aes128_cmac}) {
        CAPTURE(static_cast<int>(id));
        auto prf = Prf::create(id);
        REQUIRE(prf.ok());
        auto skeyseed = compute_skeyseed(id, k_ni, k_nr, k_g_ir);
        REQUIRE(skeyseed.ok());
        CHECK(*skeyseed ==
              prf->compute(concat({ByteView(k_ni).first(8), ByteView(k_nr).first(8)}), k_g_ir));
        // Later nonce bytes do not enter SKEYSEED, but they do enter prf+.
        Bytes ni2 = k_ni;
        ni2[20] ^= 1;
        auto skeyseed2 = compute_skeyseed(id, ni2, k_nr, k_g_ir);
        REQUIRE(skeyseed2.ok());
        CHECK(*skeyseed2 == *skeyseed);
        IkeSuite suite{EncrId::aes_cbc, 128, IntegId::aes_xcbc_96, id, KeId::curve_25519};
        auto keys1 = derive_ike_sa_keys(suite, *skeyseed, k_ni, k_nr, k_spi_i, k_spi_r);
        auto keys2 = derive_ike_sa_keys(suite, *skeyseed, ni2, k_nr, k_spi_i, k_spi_r);
        REQUIRE(keys1.ok());
        REQUIRE(keys2.ok());
        CHECK(keys1->sk_d.size() == 16);
        CHECK(keys1->sk_d != keys2->sk_d);
    }
}

TEST_CASE("SK_* are consecutive slices of prf+(SKEYSEED, Ni | Nr | SPIi | SPIr)", "[keys]") {
    struct Case {
        IkeSuite suite;
        std::size_t d, a, e; // SK_d/pi/pr, SK_ai/ar, SK_ei/er sizes
    };
    const Case cases[] = {
        {{EncrId::aes_cbc, 128, IntegId::hmac_sha2_256_128, PrfId::hmac_sha2_256,
          KeId::curve_25519},
         32,
         32,
         16},
        {{EncrId::aes_cbc, 256, IntegId::hmac_sha1_96, PrfId::hmac_sha1, KeId::modp_2048},
         20,
         20,
         32},
        {{EncrId::aes_cbc, 192, IntegId::hmac_sha2_512_256, PrfId::hmac_sha2_512, KeId::ecp_521},
         64,
         64,
         24},
        {{EncrId::aes_gcm_16, 256, std::nullopt, PrfId::hmac_sha2_384, KeId::ecp_384}, 48, 0, 36},
        {{EncrId::aes_gcm_8, 128, std::nullopt, PrfId::hmac_sha2_256, KeId::ecp_256}, 32, 0, 20},
        {{EncrId::chacha20_poly1305, 0, std::nullopt, PrfId::hmac_sha2_256, KeId::curve_25519},
         32,
         0,
         36},
        {{EncrId::aes_cbc, 128, IntegId::aes_cmac_96, PrfId::aes128_cmac, KeId::modp_3072},
         16,
         16,
         16},
    };
    for (const Case& c : cases) {
        CAPTURE(static_cast<int>(c.suite.encr), c.suite.encr_key_length);
        auto keys = derive_ike_sa(c.suite, k_g_ir, k_ni, k_nr, k_spi_i, k_spi_r);
        REQUIRE(keys.ok());
        CHECK(keys->sk_d.size() == c.d);
        CHECK(keys->sk_pi.size() == c.d);
        CHECK(keys->sk_pr.size() == c.d);
        CHECK(keys->sk_ai.size() == c.a);
        CHECK(keys->sk_ar.size() == c.a);
        CHECK(keys->sk_ei.size() == c.e);
        CHECK(keys->sk_er.size() == c.e);
        auto skeyseed = compute_skeyseed(c.suite.prf, k_ni, k_nr, k_g_ir);
        REQUIRE(skeyseed.ok());
        CHECK(keys->skeyseed == *skeyseed);
        Bytes all = prf_plus(c.suite.prf, *skeyseed, concat({k_ni, k_nr, k_spi_i, k_spi_r}),
                             3 * c.d + 2 * c.a + 2 * c.e);
        CHECK(concat({keys->sk_d, keys->sk_ai, keys->sk_ar, keys->sk_ei, keys->sk_er, keys->sk_pi,
                      keys->sk_pr}) == all);
    }
}

TEST_CASE("CHILD_SA KEYMAT: encr i->r, integ i->r, encr r->i, integ r->i", "[keys]") {
    const Bytes sk_d = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    ChildSuite cbc{EncrId::aes_cbc, 128, IntegId::hmac_sha2_256_128, std::nullopt, false};
    auto keys = derive_child_sa_keys(PrfId::hmac_sha2_256, sk_d, cbc, std::nullopt, k_ni, k_nr);
    REQUIRE(keys.ok());
    Bytes keymat = prf_plus(PrfId::hmac_sha2_256, sk_d, concat({k_ni, k_nr}), 96);
    CHECK(keys->encr_i == Bytes(keymat.begin(), keymat.begin() + 16));
    CHECK(keys->integ_i == Bytes(keymat.begin() + 16, keymat.begin() + 48));
    CHECK(keys->encr_r == Bytes(keymat.begin() + 48, keymat.begin() + 64));
    CHECK(keys->integ_r == Bytes(keymat.begin() + 64, keymat.end()));

    // With a new key exchange g^ir comes first in the seed.
    auto pfs = derive_child_sa_keys(PrfId::hmac_sha2_256, sk_d, cbc, ByteView(k_g_ir), k_ni, k_nr);
    REQUIRE(pfs.ok());
    Bytes pfs_keymat = prf_plus(PrfId::hmac_sha2_256, sk_d, concat({k_g_ir, k_ni, k_nr}), 96);
    CHECK(concat({pfs->encr_i, pfs->integ_i, pfs->encr_r, pfs->integ_r}) == pfs_keymat);

    ChildSuite gcm{EncrId::aes_gcm_16, 256, std::nullopt, std::nullopt, false};
    auto aead = derive_child_sa_keys(PrfId::hmac_sha2_256, sk_d, gcm, std::nullopt, k_ni, k_nr);
    REQUIRE(aead.ok());
    CHECK(aead->encr_i.size() == 36); // key and salt, as the kernel's rfc4106 wants them
    CHECK(aead->integ_i.empty());
    CHECK(concat({aead->encr_i, aead->encr_r}) ==
          prf_plus(PrfId::hmac_sha2_256, sk_d, concat({k_ni, k_nr}), 72));

    ChildSuite ah{std::nullopt, 0, IntegId::hmac_sha1_96, std::nullopt, false};
    auto ah_keys = derive_child_sa_keys(PrfId::hmac_sha1, sk_d, ah, std::nullopt, k_ni, k_nr);
    REQUIRE(ah_keys.ok());
    CHECK(ah_keys->encr_i.empty());
    CHECK(ah_keys->integ_i.size() == 20);
}

TEST_CASE("rekeyed IKE_SA SKEYSEED = prf_old(SK_d, g^ir | Ni | Nr)", "[keys]") {
    const Bytes sk_d = hex("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
    auto skeyseed = compute_rekey_skeyseed(PrfId::hmac_sha2_256, sk_d, k_g_ir, k_ni, k_nr);
    REQUIRE(skeyseed.ok());
    CHECK(*skeyseed == hmac("HMAC(SHA-256)", sk_d, concat({k_g_ir, k_ni, k_nr})));
}

TEST_CASE("key schedule input errors", "[keys]") {
    auto short_nonce = compute_skeyseed(PrfId::hmac_sha2_256, Bytes(15, 1), k_nr, k_g_ir);
    REQUIRE_FALSE(short_nonce.ok());
    CHECK_THAT(short_nonce.error().message, Catch::Contains("Ni of 15 bytes"));
    IkeSuite suite;
    suite.integ = IntegId::hmac_sha2_256_128;
    auto bad_spi = derive_ike_sa(suite, k_g_ir, k_ni, k_nr, Bytes(4, 1), k_spi_r);
    REQUIRE_FALSE(bad_spi.ok());
    CHECK_THAT(bad_spi.error().message, Catch::Contains("SPIi 4"));
    IkeSuite no_integ;
    auto missing = derive_ike_sa(no_integ, k_g_ir, k_ni, k_nr, k_spi_i, k_spi_r);
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error().message, Catch::Contains("integrity"));
}

// SPDX-License-Identifier: GPL-2.0-or-later
// SK payload protection: known answers from RFC 7634 Appendix B (the IKEv2
// ChaCha20-Poly1305 example), the GCM specification test cases in RFC 4106
// form (key | 4-byte salt, 8-byte explicit IV) and RFC 3602 AES-CBC with an
// HMAC-SHA2-256-128 ICV; round trips and tampering for every cipher.
#include "support/deterministic_rng.hpp"
#include "ike/crypto/encryption.hpp"
#include "ike/crypto/transform_registry.hpp"
#include "test_util.hpp"

#include <botan/mac.h>
#include <catch2/catch.hpp>

using namespace ipsec::ike::crypto;
using ipsec::ike::crypto::test::hex;
using ipsec::ike::crypto::test::repeat;

namespace {

Encryption make_aead(EncrId id, std::uint16_t bits, const Bytes& key) {
    auto e = Encryption::create(id, bits, key);
    REQUIRE(e.ok());
    return *e;
}

Encryption make_cbc(std::uint16_t bits, const Bytes& key, IntegId integ_id,
                    const Bytes& integ_key) {
    auto integ = Integrity::create(integ_id, integ_key);
    REQUIRE(integ.ok());
    auto e = Encryption::create(EncrId::aes_cbc, bits, key, *integ);
    REQUIRE(e.ok());
    return *e;
}

} // namespace

TEST_CASE("ChaCha20-Poly1305 SK payload matches RFC 7634 Appendix B", "[encr][rfc7634]") {
    Encryption e =
        make_aead(EncrId::chacha20_poly1305, 0,
                  hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3"));
    // IKE header and SK payload header of the RFC's INFORMATIONAL message.
    const Bytes aad = hex("c0c1c2c3c4c5c6c7d0d1d2d3d4d5d6d72e202500000000090000004529000029");
    const Bytes iv = hex("1011121314151617");
    const Bytes inner = hex("0000000c000040010000000a"); // a Notify payload
    const std::string expected = "1011121314151617"      // explicit IV
                                 "610394701f8d017f7c129248896b71bfe25236efd7cdc67066906315b2";

    auto body = e.encrypt_with_iv(aad, inner, iv);
    REQUIRE(body.ok());
    CHECK(to_hex(*body) == expected);
    CHECK(e.body_size(inner.size()) == body->size());
    CHECK(e.body_size(inner.size()) + aad.size() == 0x45); // the header's Length field

    auto plain = e.decrypt(aad, hex(expected));
    REQUIRE(plain.ok());
    CHECK(*plain == inner);
}

TEST_CASE("AES-GCM SK payload gives the GCM known answers", "[encr][gcm]") {
    SECTION("test case 2: zero key, salt and IV; padding byte is the last plaintext byte") {
        Encryption e = make_aead(EncrId::aes_gcm_16, 128, Bytes(20, 0));
        auto body = e.encrypt_with_iv({}, Bytes(15, 0), Bytes(8, 0));
        REQUIRE(body.ok());
        CHECK(to_hex(*body) == "0000000000000000"
                               "0388dace60b6a392f328c2b971b2fe78"
                               "ab6e47d42cec13bdf53a67b21257bddf");
    }
    const Bytes key = hex("feffe9928665731c6d6a8f9467308308cafebabe");
    const Bytes iv = hex("facedbaddecaf888");
    const std::string ciphertext = "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca1"
                                   "2e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091";
    SECTION("test case 4: with associated data; Pad Length 0x39 leaves 2 bytes") {
        Encryption e = make_aead(EncrId::aes_gcm_16, 128, key);
        const Bytes aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        auto plain =
            e.decrypt(aad, hex(to_hex(iv) + ciphertext + "5bc94fbc3221a5db94fae95ae7121a47"));
        REQUIRE(plain.ok());
        CHECK(to_hex(*plain) == "d931");
        // Encrypting those 2 bytes again reproduces the keystream prefix.
        auto body = e.encrypt_with_iv(aad, *plain, iv);
        REQUIRE(body.ok());
        CHECK(to_hex(ByteView(*body).subspan(8, 2)) == ciphertext.substr(0, 4));
    }
    SECTION("test case 3 with 8- and 12-byte ICVs: tag checks, then the bad padding shows") {
        const std::string full = ciphertext + "473f59854d";
        Encryption e8 = make_aead(EncrId::aes_gcm_8, 128, key);
        auto p8 = e8.decrypt({}, hex(to_hex(iv) + full + "5c2af327cd64a6"));
        REQUIRE_FALSE(p8.ok()); // ciphertext ends 0x55: 85 > 63 bytes
        CHECK_THAT(p8.error().message, Catch::Contains("Pad Length 85 exceeds the 63"));
        Encryption e12 = make_aead(EncrId::aes_gcm_12, 128, key);
        auto p12 = e12.decrypt({}, hex(to_hex(iv) + full + "5c2af327cd64a62cf35abd"));
        REQUIRE_FALSE(p12.ok());
        CHECK_THAT(p12.error().message, Catch::Contains("Pad Length 85 exceeds the 63"));
        auto bad = e12.decrypt({}, hex(to_hex(iv) + full + "5c2af327cd64a62cf35abe"));
        REQUIRE_FALSE(bad.ok());
        CHECK_THAT(bad.error().message, Catch::Contains("ICV mismatch"));
    }
}

TEST_CASE("AES-CBC SK payload decrypts RFC 3602 case 3 with an HMAC-SHA2-256-128 ICV",
          "[encr][cbc]") {
    const Bytes key = hex("6c3ea0477630ce21a2ce334aa746c2cd");
    const Bytes iv = hex("c782dc4c098c66cbd9cd27d825682c81");
    const Bytes ciphertext = hex("d0a02b3836451753d493665d33f0e8862dea54cdb293abc7506939276772f8d5"
                                 "021c19216bad525c8579695d83ba2684");
    const Bytes integ_key = hex(repeat("0b", 32));
    const Bytes aad = hex("00112233445566778899aabbccddeeff2e202500000000010000006c2e00004c");
    // The ICV computed here straight with Botan's HMAC over associated | IV | C.
    auto mac = Botan::MessageAuthenticationCode::create_or_throw("HMAC(SHA-256)");
    mac->set_key(integ_key.data(), integ_key.size());
    Bytes covered = concat({aad, iv, ciphertext});
    mac->update(covered.data(), covered.size());
    auto full = mac->final();
    Bytes icv(full.begin(), full.begin() + 16);

    Encryption e = make_cbc(128, key, IntegId::hmac_sha2_256_128, integ_key);
    auto plain = e.decrypt(aad, concat({iv, ciphertext, icv}));
    REQUIRE(plain.ok());
    // "This is a 48-byte message (exactly 3 AES blocks)": the last byte ')' is
    // Pad Length 41, so 6 bytes of payload remain.
    CHECK(std::string(plain->begin(), plain->end()) == "This i");

    icv[15] ^= 1;
    auto bad = e.decrypt(aad, concat({iv, ciphertext, icv}));
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::Contains("ICV mismatch (HMAC_SHA2_256_128)"));
}

TEST_CASE("every SK cipher round-trips and detects tampering", "[encr]") {
    struct Case {
        EncrId id;
        std::uint16_t bits;
        std::size_t key_size;
        std::optional<IntegId> integ;
        std::size_t iv;
        std::size_t icv;
    };
    const Case cases[] = {
        {EncrId::aes_cbc, 128, 16, IntegId::hmac_sha1_96, 16, 12},
        {EncrId::aes_cbc, 192, 24, IntegId::hmac_sha2_384_192, 16, 24},
        {EncrId::aes_cbc, 256, 32, IntegId::hmac_sha2_512_256, 16, 32},
        {EncrId::aes_cbc, 128, 16, IntegId::aes_xcbc_96, 16, 12},
        {EncrId::aes_gcm_8, 128, 20, std::nullopt, 8, 8},
        {EncrId::aes_gcm_12, 192, 28, std::nullopt, 8, 12},
        {EncrId::aes_gcm_16, 256, 36, std::nullopt, 8, 16},
        {EncrId::chacha20_poly1305, 0, 36, std::nullopt, 8, 16},
    };
    DeterministicRng rng(99);
    const Bytes aad = hex("0102030405060708090a0b0c0d0e0f102e202308000000020000005025000034");
    for (const Case& c : cases) {
        CAPTURE(static_cast<int>(c.id), c.bits);
        std::optional<Integrity> integ;
        if (c.integ) {
            auto i = Integrity::create(*c.integ, rng.bytes(integ_key_size(*c.integ)));
            REQUIRE(i.ok());
            integ = *i;
        }
        auto e = Encryption::create(c.id, c.bits, rng.bytes(c.key_size), integ);
        REQUIRE(e.ok());
        CHECK(e->iv_size() == c.iv);
        CHECK(e->icv_size() == c.icv);
        for (std::size_t size : {0u, 1u, 15u, 16u, 17u, 100u}) {
            Bytes inner = rng.bytes(size);
            auto body = e->encrypt(aad, inner, rng);
            REQUIRE(body.ok());
            CHECK(body->size() == e->body_size(size));
            auto plain = e->decrypt(aad, *body);
            REQUIRE(plain.ok());
            CHECK(*plain == inner);

            Bytes changed_aad = aad;
            changed_aad[27] ^= 1;
            CHECK_FALSE(e->decrypt(changed_aad, *body).ok());
            for (std::size_t at : {std::size_t{0}, c.iv, body->size() - 1}) {
                Bytes tampered = *body;
                tampered[at] ^= 0x40;
                CHECK_FALSE(e->decrypt(aad, tampered).ok());
            }
        }
        // Two encryptions of the same payload use different IVs.
        auto a = e->encrypt(aad, Bytes(8, 1), rng);
        auto b = e->encrypt(aad, Bytes(8, 1), rng);
        REQUIRE(a.ok());
        REQUIRE(b.ok());
        CHECK(*a != *b);
    }
}

TEST_CASE("SK cipher parameters are checked", "[encr]") {
    auto no_integ = Encryption::create(EncrId::aes_cbc, 128, Bytes(16, 0));
    REQUIRE_FALSE(no_integ.ok());
    CHECK_THAT(no_integ.error().message, Catch::Contains("needs an integrity algorithm"));

    auto short_key = Encryption::create(EncrId::aes_gcm_16, 256, Bytes(32, 0));
    REQUIRE_FALSE(short_key.ok());
    CHECK_THAT(short_key.error().message,
               Catch::Contains("AES_GCM_16_256 needs 36 bytes of key material, got 32"));

    auto bad_length = Encryption::create(EncrId::aes_cbc, 100, Bytes(16, 0));
    REQUIRE_FALSE(bad_length.ok());
    CHECK(bad_length.error().code == 14);

    Encryption e = make_aead(EncrId::aes_gcm_16, 128, Bytes(20, 0));
    auto too_short = e.decrypt({}, Bytes(20, 0));
    REQUIRE_FALSE(too_short.ok());
    CHECK_THAT(too_short.error().message, Catch::Contains("too short"));
    auto bad_iv = e.encrypt_with_iv({}, Bytes(4, 0), Bytes(12, 0));
    REQUIRE_FALSE(bad_iv.ok());
    CHECK_THAT(bad_iv.error().message, Catch::Contains("IV of 12 bytes"));
}

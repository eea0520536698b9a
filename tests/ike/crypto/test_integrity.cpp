// SPDX-License-Identifier: GPL-2.0-or-later
// Integrity algorithms against RFC 4868 (HMAC-SHA2 with truncation), RFC 2202
// (HMAC-SHA1), RFC 3566 (AES-XCBC-MAC-96) and RFC 4494 (AES-CMAC-96).
#include "ike/crypto/integrity.hpp"
#include "test_util.hpp"

#include <catch2/catch.hpp>

using namespace ipsec::ike::crypto;
using ipsec::ike::crypto::test::hex;
using ipsec::ike::crypto::test::repeat;

TEST_CASE("integrity algorithms give the RFC ICVs", "[integ]") {
    struct Vector {
        IntegId id;
        std::string key;
        std::string data;
        std::string icv;
    };
    const Vector vectors[] = {
        // RFC 4868 2.7.2.1, test cases 1-3 for each hash
        {IntegId::hmac_sha2_256_128, repeat("0b", 32), "4869205468657265",
         "198a607eb44bfbc69903a0f1cf2bbdc5"},
        {IntegId::hmac_sha2_384_192, repeat("0b", 48), "4869205468657265",
         "b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973"},
        {IntegId::hmac_sha2_512_256, repeat("0b", 64), "4869205468657265",
         "637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8"},
        {IntegId::hmac_sha2_256_128, repeat("4a656665", 8),
         "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
         "167f928588c5cc2eef8e3093caa0e87c"},
        {IntegId::hmac_sha2_384_192, repeat("4a656665", 12),
         "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
         "2c7353974f1842fd66d53c452ca42122b28c0b594cfb184d"},
        {IntegId::hmac_sha2_512_256, repeat("4a656665", 16),
         "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
         "cb370917ae8a7ce28cfd1d8f4705d6141c173b2a9362c15df235dfb251b15454"},
        {IntegId::hmac_sha2_256_128, repeat("aa", 32), repeat("dd", 50),
         "cdcb1220d1ecccea91e53aba3092f962"},
        {IntegId::hmac_sha2_512_256, repeat("aa", 64), repeat("dd", 50),
         "2ee7acd783624ca9398710f3ee05ae41b9f9b0510c87e49e586cc9bf961733d8"},
        // RFC 2202 test case 1, truncated to 96 bits (RFC 2404)
        {IntegId::hmac_sha1_96, repeat("0b", 20), "4869205468657265", "b617318655057264e28bc0b6"},
        // RFC 3566 test cases 1, 2 and 4
        {IntegId::aes_xcbc_96, "000102030405060708090a0b0c0d0e0f", "", "75f0251d528ac01c4573dfd5"},
        {IntegId::aes_xcbc_96, "000102030405060708090a0b0c0d0e0f", "000102",
         "5b376580ae2f19afe7219cee"},
        {IntegId::aes_xcbc_96, "000102030405060708090a0b0c0d0e0f",
         "000102030405060708090a0b0c0d0e0f10111213", "47f51b4564966215b8985c63"},
        // RFC 4494 examples 1 and 2
        {IntegId::aes_cmac_96, "2b7e151628aed2a6abf7158809cf4f3c", "", "bb1d6929e95937287fa37d12"},
        {IntegId::aes_cmac_96, "2b7e151628aed2a6abf7158809cf4f3c",
         "6bc1bee22e409f96e93d7e117393172a", "070a16b46b4d4144f79bdd9d"},
    };
    for (const Vector& v : vectors) {
        CAPTURE(static_cast<int>(v.id), v.data);
        auto integ = Integrity::create(v.id, hex(v.key));
        REQUIRE(integ.ok());
        CHECK(to_hex(integ->compute(hex(v.data))) == v.icv);
        CHECK(integ->icv_size() * 2 == v.icv.size());
        CHECK(integ->verify(hex(v.data), hex(v.icv)));
        Bytes bad = hex(v.icv);
        bad[0] ^= 0x80;
        CHECK_FALSE(integ->verify(hex(v.data), bad));
        CHECK_FALSE(integ->verify(hex(v.data), ByteView(hex(v.icv)).first(4)));
    }
}

TEST_CASE("integrity keys must have the algorithm's size", "[integ]") {
    auto r = Integrity::create(IntegId::hmac_sha2_256_128, Bytes(20, 1));
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("HMAC_SHA2_256_128 needs a 32-byte key, got 20"));
    auto md5 = Integrity::create(IntegId::hmac_md5_96, Bytes(16, 1));
    REQUIRE_FALSE(md5.ok());
    CHECK_THAT(md5.error().message, Catch::Contains("HMAC_MD5_96"));
}

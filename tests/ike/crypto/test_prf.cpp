// SPDX-License-Identifier: GPL-2.0-or-later
// PRFs against RFC 4231 (HMAC-SHA2), RFC 2202 (HMAC-SHA1), RFC 4434
// (AES-XCBC-PRF-128) and RFC 4615 (AES-CMAC-PRF-128), and prf+.
#include "ike/crypto/prf.hpp"
#include "test_util.hpp"

#include <catch2/catch.hpp>

using namespace ipsec::ike::crypto;
using ipsec::ike::crypto::test::hex;
using ipsec::ike::crypto::test::repeat;

namespace {

struct PrfVector {
    PrfId prf;
    const char* key;
    const char* data;
    const char* out;
};

Prf make(PrfId id) {
    auto prf = Prf::create(id);
    REQUIRE(prf.ok());
    return *prf;
}

} // namespace

TEST_CASE("HMAC-SHA2 PRFs give the RFC 4231 values", "[prf][rfc4231]") {
    const std::string k_aa_131 = repeat("aa", 131);
    const std::string k_cd_50 = repeat("cd", 50);
    const PrfVector vectors[] = {
        // Test case 1
        {PrfId::hmac_sha2_256, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
        {PrfId::hmac_sha2_384, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
         "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
         "faea9ea9076ede7f4af152e8b2fa9cb6"},
        {PrfId::hmac_sha2_512, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
         "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
         "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"},
        // Test case 2: key shorter than the block
        {PrfId::hmac_sha2_256, "4a656665",
         "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
        // Test case 6: key larger than the block, hashed first
        {PrfId::hmac_sha2_256, k_aa_131.c_str(),
         "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a"
         "65204b6579202d2048617368204b6579204669727374",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
        {PrfId::hmac_sha2_384, "0102030405060708090a0b0c0d0e0f10111213141516171819",
         k_cd_50.c_str(),
         "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e"
         "6801dd23c4a7d679ccf8a386c674cffb"},
        // RFC 2202 test case 2 for HMAC-SHA1
        {PrfId::hmac_sha1, "4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
         "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
    };
    for (const PrfVector& v : vectors) {
        Prf prf = make(v.prf);
        CAPTURE(static_cast<int>(v.prf), v.key);
        CHECK(to_hex(prf.compute(hex(v.key), hex(v.data))) == v.out);
    }
}

TEST_CASE("AES-XCBC-PRF-128 follows RFC 4434 for 16, 10 and 18-byte keys", "[prf][rfc4434]") {
    Prf prf = make(PrfId::aes128_xcbc);
    const Bytes message = hex("000102030405060708090a0b0c0d0e0f10111213");
    CHECK(to_hex(prf.compute(hex("000102030405060708090a0b0c0d0e0f"), message)) ==
          "47f51b4564966215b8985c63055ed308");
    CHECK(to_hex(prf.compute(hex("00010203040506070809"), message)) ==
          "0fa087af7d866e7653434e602fdde835");
    CHECK(to_hex(prf.compute(hex("000102030405060708090a0b0c0d0e0fedcb"), message)) ==
          "8cd3c93ae598a9803006ffb67c40e9e4");
    // RFC 3566 test cases: empty, 3 bytes, exactly one block, two blocks.
    const Bytes key = hex("000102030405060708090a0b0c0d0e0f");
    CHECK(to_hex(prf.compute(key, {})) == "75f0251d528ac01c4573dfd584d79f29");
    CHECK(to_hex(prf.compute(key, hex("000102"))) == "5b376580ae2f19afe7219ceef172756f");
    CHECK(to_hex(prf.compute(key, hex("000102030405060708090a0b0c0d0e0f"))) ==
          "d2a246fa349b68a79998a4394ff7a263");
    CHECK(to_hex(prf.compute(key, hex("000102030405060708090a0b0c0d0e0f"
                                      "101112131415161718191a1b1c1d1e1f"))) ==
          "f54f0ec8d2b9f3d36807734bd5283fd4");
    CHECK(prf.output_size() == 16);
    CHECK(prf.key_size() == 16);
}

TEST_CASE("AES-CMAC-PRF-128 follows RFC 4615 for 18, 16 and 10-byte keys", "[prf][rfc4615]") {
    Prf prf = make(PrfId::aes128_cmac);
    const Bytes message = hex("000102030405060708090a0b0c0d0e0f10111213");
    CHECK(to_hex(prf.compute(hex("000102030405060708090a0b0c0d0e0fedcb"), message)) ==
          "84a348a4a45d235babfffc0d2b4da09a");
    CHECK(to_hex(prf.compute(hex("000102030405060708090a0b0c0d0e0f"), message)) ==
          "980ae87b5f4c9c5214f5b6a8455e4c2d");
    CHECK(to_hex(prf.compute(hex("00010203040506070809"), message)) ==
          "290d9e112edb09ee141fcf64c0b72f3d");
}

TEST_CASE("prf+ chains T1 = prf(K, S|01), T2 = prf(K, T1|S|02) and truncates", "[prf][prfplus]") {
    Prf prf = make(PrfId::hmac_sha2_256);
    const Bytes key = hex("0102030405060708");
    const Bytes seed = hex("a0a1a2a3");
    Bytes t1 = prf.compute(key, concat({seed, hex("01")}));
    Bytes t2 = prf.compute(key, concat({t1, seed, hex("02")}));
    Bytes t3 = prf.compute(key, concat({t2, seed, hex("03")}));

    auto out = prf.prf_plus(key, seed, 70);
    REQUIRE(out.ok());
    REQUIRE(out->size() == 70);
    CHECK(to_hex(*out) == to_hex(concat({t1, t2, ByteView(t3).first(6)})));

    for (std::size_t length : {0u, 1u, 31u, 32u, 33u, 200u, 255u * 32u}) {
        auto r = prf.prf_plus(key, seed, length);
        REQUIRE(r.ok());
        CHECK(r->size() == length);
    }
    // A longer output only extends a shorter one.
    auto short_out = prf.prf_plus(key, seed, 40);
    REQUIRE(short_out.ok());
    CHECK(std::equal(short_out->begin(), short_out->end(), out->begin()));
}

TEST_CASE("prf+ refuses more than 255 blocks", "[prf][prfplus]") {
    Prf prf = make(PrfId::hmac_sha1);
    CHECK(prf.prf_plus(hex("00"), hex("00"), 255 * 20).ok());
    auto r = prf.prf_plus(hex("00"), hex("00"), 255 * 20 + 1);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("255 blocks"));
}

TEST_CASE("an unsupported PRF is refused with NO_PROPOSAL_CHOSEN", "[prf]") {
    auto r = Prf::create(PrfId::hmac_md5);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == 14);
    CHECK_THAT(r.error().message, Catch::Contains("PRF_HMAC_MD5"));
}

// SPDX-License-Identifier: GPL-2.0-or-later
// Key exchange against RFC 7748 (X25519) and RFC 5903 (ECP 256/384/521, with
// the shared secret in IKE encoding: x only), MODP sanity, bad peer values.
#include "support/deterministic_rng.hpp"
#include "ike/crypto/diffie_hellman.hpp"
#include "ike/crypto/transform_registry.hpp"
#include "test_util.hpp"

#include <catch2/catch.hpp>

using namespace ipsec::ike::crypto;
using ipsec::ike::crypto::test::hex;

namespace {

struct KeVector {
    KeId group;
    const char* priv_i;
    const char* pub_i;
    const char* priv_r;
    const char* pub_r;
    const char* shared;
};

std::unique_ptr<DiffieHellman> from_private(KeId group, const char* priv) {
    auto dh = diffie_hellman_from_private(group, hex(priv));
    REQUIRE(dh.ok());
    return std::move(*dh);
}

void check_vector(const KeVector& v) {
    auto i = from_private(v.group, v.priv_i);
    auto r = from_private(v.group, v.priv_r);
    CHECK(to_hex(i->public_value()) == v.pub_i);
    CHECK(to_hex(r->public_value()) == v.pub_r);
    auto shared_i = i->shared_secret(hex(v.pub_r));
    auto shared_r = r->shared_secret(hex(v.pub_i));
    REQUIRE(shared_i.ok());
    REQUIRE(shared_r.ok());
    CHECK(to_hex(*shared_i) == v.shared);
    CHECK(to_hex(*shared_r) == v.shared);
}

} // namespace

TEST_CASE("X25519 gives the RFC 7748 section 6.1 values", "[dh][rfc7748]") {
    check_vector({KeId::curve_25519,
                  "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
                  "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
                  "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
                  "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
                  "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"});
}

TEST_CASE("X25519 refuses a low-order point and wrong sizes", "[dh][rfc7748]") {
    auto dh = from_private(KeId::curve_25519,
                           "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    auto zero = dh->shared_secret(Bytes(32, 0));
    REQUIRE_FALSE(zero.ok());
    CHECK_THAT(zero.error().message, Catch::Contains("all zeros"));
    auto short_value = dh->shared_secret(Bytes(31, 9));
    REQUIRE_FALSE(short_value.ok());
    CHECK_THAT(short_value.error().message, Catch::Contains("31 bytes, expected 32"));
}

TEST_CASE("ECP groups give the RFC 5903 values in IKE encoding", "[dh][rfc5903]") {
    check_vector({KeId::ecp_256, "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433",
                  "dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180"
                  "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3",
                  "c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53",
                  "d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63"
                  "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab",
                  "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de"});
    check_vector({KeId::ecp_384,
                  "099f3c7034d4a2c699884d73a375a67f7624ef7c6b3c0f160647b67414dce655"
                  "e35b538041e649ee3faef896783ab194",
                  "667842d7d180ac2cde6f74f37551f55755c7645c20ef73e31634fe72b4c55ee6"
                  "de3ac808acb4bdb4c88732aee95f41aa9482ed1fc0eeb9cafc4984625ccfc23f"
                  "65032149e0e144ada024181535a0f38eeb9fcff3c2c947dae69b4c634573a81c",
                  "41cb0779b4bdb85d47846725fbec3c9430fab46cc8dc5060855cc9bda0aa2942"
                  "e0308312916b8ed2960e4bd55a7448fc",
                  "e558dbef53eecde3d3fccfc1aea08a89a987475d12fd950d83cfa41732bc509d"
                  "0d1ac43a0336def96fda41d0774a3571dcfbec7aacf3196472169e838430367f"
                  "66eebe3c6e70c416dd5f0c68759dd1fff83fa40142209dff5eaad96db9e6386c",
                  "11187331c279962d93d604243fd592cb9d0a926f422e47187521287e7156c5c4"
                  "d603135569b9e9d09cf5d4a270f59746"});
    check_vector({KeId::ecp_521,
                  "0037ade9319a89f4dabdb3ef411aaccca5123c61acab57b5393dce47608172a0"
                  "95aa85a30fe1c2952c6771d937ba9777f5957b2639bab072462f68c27a57382d"
                  "4a52",
                  "0015417e84dbf28c0ad3c278713349dc7df153c897a1891bd98bab4357c9ecbe"
                  "e1e3bf42e00b8e380aeae57c2d107564941885942af5a7f4601723c4195d176c"
                  "ed3e017cae20b6641d2eeb695786d8c946146239d099e18e1d5a514c739d7cb4"
                  "a10ad8a788015ac405d7799dc75e7b7d5b6cf2261a6a7f1507438bf01beb6ca3"
                  "926f9582",
                  "0145ba99a847af43793fdd0e872e7cdfa16be30fdc780f97bccc3f078380201e"
                  "9c677d600b343757a3bdbf2a3163e4c2f869cca7458aa4a4effc311f5cb151685"
                  "eb9",
                  "00d0b3975ac4b799f5bea16d5e13e9af971d5e9b984c9f39728b5e5739735a21"
                  "9b97c356436adc6e95bb0352f6be64a6c2912d4ef2d0433ced2b6171640012d9"
                  "460f015c68226383956e3bd066e797b623c27ce0eac2f551a10c2c724d9852077"
                  "b87220b6536c5c408a1d2aebb8e86d678ae49cb57091f4732296579ab44fcd17f"
                  "0fc56a",
                  "01144c7d79ae6956bc8edb8e7c787c4521cb086fa64407f97894e5e6b2d79b04"
                  "d1427e73ca4baa240a34786859810c06b3c715a3a8cc3151f2bee417996d19f3"
                  "ddea"});
}

TEST_CASE("ECP refuses points off the curve and wrong sizes", "[dh][rfc5903]") {
    DeterministicRng rng(1);
    auto dh = create_diffie_hellman(KeId::ecp_256, rng);
    REQUIRE(dh.ok());
    Bytes peer = (*dh)->public_value();
    REQUIRE(peer.size() == 64);
    peer[63] ^= 1;
    auto off_curve = (*dh)->shared_secret(peer);
    REQUIRE_FALSE(off_curve.ok());
    CHECK_THAT(off_curve.error().message, Catch::Contains("not a point on the curve"));
    auto with_prefix = (*dh)->shared_secret(concat({hex("04"), (*dh)->public_value()}));
    REQUIRE_FALSE(with_prefix.ok());
    CHECK_THAT(with_prefix.error().message, Catch::Contains("65 bytes, expected 64"));
}

TEST_CASE("every supported group agrees between two parties at IKE sizes", "[dh]") {
    struct Case {
        KeId group;
        std::size_t public_size;
        std::size_t secret_size;
    };
    const Case cases[] = {
        {KeId::modp_2048, 256, 256}, {KeId::modp_3072, 384, 384}, {KeId::modp_4096, 512, 512},
        {KeId::ecp_256, 64, 32},     {KeId::ecp_384, 96, 48},     {KeId::ecp_521, 132, 66},
        {KeId::curve_25519, 32, 32},
    };
    DeterministicRng rng(42);
    for (const Case& c : cases) {
        CAPTURE(static_cast<int>(c.group));
        auto i = create_diffie_hellman(c.group, rng);
        auto r = create_diffie_hellman(c.group, rng);
        REQUIRE(i.ok());
        REQUIRE(r.ok());
        CHECK((*i)->group() == c.group);
        CHECK((*i)->public_value().size() == c.public_size);
        CHECK(ke_public_size(c.group) == c.public_size);
        CHECK((*i)->public_value() != (*r)->public_value());
        auto si = (*i)->shared_secret((*r)->public_value());
        auto sr = (*r)->shared_secret((*i)->public_value());
        REQUIRE(si.ok());
        REQUIRE(sr.ok());
        CHECK(si->size() == c.secret_size);
        CHECK(*si == *sr);
    }
}

TEST_CASE("the same RNG seed gives the same key pair", "[dh]") {
    DeterministicRng a(7), b(7), c(8);
    auto ka = create_diffie_hellman(KeId::curve_25519, a);
    auto kb = create_diffie_hellman(KeId::curve_25519, b);
    auto kc = create_diffie_hellman(KeId::curve_25519, c);
    REQUIRE(ka.ok());
    REQUIRE(kb.ok());
    REQUIRE(kc.ok());
    CHECK((*ka)->public_value() == (*kb)->public_value());
    CHECK((*ka)->public_value() != (*kc)->public_value());
}

TEST_CASE("MODP refuses degenerate peer values", "[dh]") {
    DeterministicRng rng(3);
    auto dh = create_diffie_hellman(KeId::modp_2048, rng);
    REQUIRE(dh.ok());
    Bytes one(256, 0);
    one.back() = 1;
    auto r1 = (*dh)->shared_secret(one);
    REQUIRE_FALSE(r1.ok());
    CHECK_THAT(r1.error().message, Catch::Contains("outside 2..p-2"));
    CHECK(r1.error().code == 7);
    auto r2 = (*dh)->shared_secret(Bytes(255, 5));
    REQUIRE_FALSE(r2.ok());
    CHECK_THAT(r2.error().message, Catch::Contains("255 bytes, expected 256"));
}

TEST_CASE("unsupported groups answer INVALID_KE_PAYLOAD", "[dh]") {
    DeterministicRng rng(1);
    auto r = create_diffie_hellman(KeId::modp_1024, rng);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == 17);
    CHECK_THAT(r.error().message, Catch::Contains("MODP_1024"));
}

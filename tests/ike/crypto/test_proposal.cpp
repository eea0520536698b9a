// SPDX-License-Identifier: GPL-2.0-or-later
// strongSwan proposal strings, the default proposals and responder selection.
#include "ike/crypto/default_proposals.hpp"
#include "ike/crypto/proposal_parser.hpp"
#include "ike/crypto/proposal_selection.hpp"

#include <catch2/catch.hpp>

using namespace ipsec::ike::crypto;

namespace {

std::vector<Proposal> parse(Protocol protocol, std::string_view text) {
    auto list = parse_proposal_string(protocol, text);
    INFO(text);
    REQUIRE(list.ok());
    return list->proposals;
}

std::string parse_error(Protocol protocol, std::string_view text) {
    auto list = parse_proposal_string(protocol, text);
    REQUIRE_FALSE(list.ok());
    return list.error().message;
}

Proposal one(Protocol protocol, std::string_view text) {
    auto list = parse(protocol, text);
    REQUIRE(list.size() == 1);
    return list[0];
}

} // namespace

TEST_CASE("IKE proposal strings in strongSwan syntax", "[proposal][parse]") {
    CHECK(to_string(one(Protocol::ike, "aes128-sha256-modp2048")) ==
          "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048");
    CHECK(to_string(one(Protocol::ike, "aes256gcm16-prfsha384-ecp384")) ==
          "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384");
    CHECK(to_string(one(Protocol::ike, "aes256-sha256-curve25519")) ==
          "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519");
    // Several algorithms of a kind; PRFs derived from each integrity algorithm.
    CHECK(to_string(one(Protocol::ike, "aes128-aes256-sha1-sha512-x25519-ecp521")) ==
          "IKE:AES_CBC_128/AES_CBC_256/HMAC_SHA1_96/HMAC_SHA2_512_256/PRF_HMAC_SHA1/"
          "PRF_HMAC_SHA2_512/CURVE_25519/ECP_521");
    CHECK(to_string(one(Protocol::ike, "aes128-aesxcbc-modp3072")) ==
          "IKE:AES_CBC_128/AES_XCBC_96/PRF_AES128_XCBC/MODP_3072");
    // An explicit PRF stops the derivation.
    CHECK(to_string(one(Protocol::ike, "aes128-sha1-prfsha256-modp4096")) ==
          "IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA2_256/MODP_4096");
    CHECK(to_string(one(Protocol::ike, "chacha20poly1305-prfsha256-curve25519")) ==
          "IKE:CHACHA20_POLY1305/PRF_HMAC_SHA2_256/CURVE_25519");
    // AEAD proposals drop integrity algorithms.
    CHECK(to_string(one(Protocol::ike, "aes128gcm16-sha256-prfsha256-ecp256")) ==
          "IKE:AES_GCM_16_128/PRF_HMAC_SHA2_256/ECP_256");
}

TEST_CASE("ESP and AH proposal strings", "[proposal][parse]") {
    CHECK(to_string(one(Protocol::esp, "aes128-sha1")) ==
          "ESP:AES_CBC_128/HMAC_SHA1_96/NO_EXT_SEQ");
    CHECK(to_string(one(Protocol::esp, "aes128-sha256-modp2048")) ==
          "ESP:AES_CBC_128/HMAC_SHA2_256_128/MODP_2048/NO_EXT_SEQ");
    CHECK(to_string(one(Protocol::esp, "aes256gcm16-esn-noesn")) ==
          "ESP:AES_GCM_16_256/EXT_SEQ/NO_EXT_SEQ");
    CHECK(to_string(one(Protocol::esp, "aes128gcm8-prfsha256")) == "ESP:AES_GCM_8_128/NO_EXT_SEQ");
    CHECK(to_string(one(Protocol::ah, "sha256-sha1")) ==
          "AH:HMAC_SHA2_256_128/HMAC_SHA1_96/NO_EXT_SEQ");
}

TEST_CASE("several proposals and the strict flag", "[proposal][parse]") {
    auto list = parse_proposal_string(Protocol::ike,
                                      "aes128-sha256-modp2048, aes256gcm16-prfsha384-ecp384!");
    REQUIRE(list.ok());
    CHECK(list->strict);
    REQUIRE(list->proposals.size() == 2);
    CHECK(to_string(list->proposals[1]) == "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384");
    auto loose = parse_proposal_string(Protocol::esp, "aes128-sha1");
    REQUIRE(loose.ok());
    CHECK_FALSE(loose->strict);
}

TEST_CASE("bad proposal strings name the offending token", "[proposal][parse]") {
    CHECK(parse_error(Protocol::ike, "aes127-sha256-modp2048") ==
          "unknown algorithm 'aes127' in IKE proposal 'aes127-sha256-modp2048'");
    CHECK(parse_error(Protocol::esp, "3des-sha1") ==
          "algorithm '3des' in ESP proposal '3des-sha1' is not supported");
    CHECK(parse_error(Protocol::ike, "aes128-sha1-modp1024") ==
          "algorithm 'modp1024' in IKE proposal 'aes128-sha1-modp1024' is not supported");
    CHECK_THAT(parse_error(Protocol::ike, "aes128--sha1-modp2048"),
               Catch::Contains("empty algorithm keyword"));
    CHECK_THAT(parse_error(Protocol::ike, "aes128-sha1-modp2048,,aes256-sha1-modp2048"),
               Catch::Contains("empty proposal"));
    CHECK_THAT(parse_error(Protocol::ike, "aes128-sha256"), Catch::Contains("no key exchange"));
    CHECK_THAT(parse_error(Protocol::ike, "aes128-modp2048"), Catch::Contains("no PRF"));
    CHECK_THAT(parse_error(Protocol::ike, "aes128-prfsha256-modp2048"),
               Catch::Contains("no integrity algorithm"));
    CHECK_THAT(parse_error(Protocol::esp, "aes128gcm16-aes128-sha1"),
               Catch::Contains("mixes combined-mode (AEAD) and classic"));
    CHECK_THAT(parse_error(Protocol::esp, "sha1"), Catch::Contains("no encryption algorithm"));
    CHECK_THAT(parse_error(Protocol::ike, "!"), Catch::Contains("empty IKE proposal list"));
    CHECK_THAT(parse_error(Protocol::ike, "aes128-sha1-modp2048-noesn"),
               Catch::Contains("only apply to ESP"));
}

TEST_CASE("strongSwan 5.9.8 default proposals", "[proposal][defaults]") {
    auto ike = strongswan_default_proposals(Protocol::ike);
    REQUIRE(ike.size() == 2);
    // The key exchange methods start with Curve25519 in both proposals.
    CHECK(ike[0].of_type(TransformType::ke).front() == make_transform(KeId::curve_25519));
    CHECK(ike[1].of_type(TransformType::ke).front() == make_transform(KeId::curve_25519));
    CHECK(ike[0].of_type(TransformType::encr).size() == 13);
    CHECK(ike[0].of_type(TransformType::integ).size() == 6);
    CHECK(ike[0].of_type(TransformType::prf).size() == 6);
    CHECK(ike[0].of_type(TransformType::ke).size() == 13);
    CHECK(ike[1].of_type(TransformType::encr).size() == 19);
    CHECK_FALSE(ike[1].has(TransformType::integ));

    auto esp = strongswan_default_proposals(Protocol::esp);
    REQUIRE(esp.size() == 2);
    CHECK(to_string(esp[0]) ==
          "ESP:AES_CBC_128/AES_CBC_192/AES_CBC_256/HMAC_SHA2_256_128/HMAC_SHA2_384_192/"
          "HMAC_SHA2_512_256/HMAC_SHA1_96/AES_XCBC_96/NO_EXT_SEQ");
    CHECK(to_string(esp[1]) == "ESP:AES_GCM_16_128/AES_GCM_16_192/AES_GCM_16_256/NO_EXT_SEQ");

    // Ours keep the order and drop what we do not implement.
    auto ours = default_proposals(Protocol::ike);
    REQUIRE(ours.size() == 2);
    CHECK(to_string(ours[0]) ==
          "IKE:AES_CBC_128/AES_CBC_192/AES_CBC_256/HMAC_SHA2_256_128/HMAC_SHA2_384_192/"
          "HMAC_SHA2_512_256/AES_XCBC_96/AES_CMAC_96/HMAC_SHA1_96/PRF_HMAC_SHA2_256/"
          "PRF_HMAC_SHA2_384/PRF_HMAC_SHA2_512/PRF_AES128_XCBC/PRF_AES128_CMAC/PRF_HMAC_SHA1/"
          "CURVE_25519/ECP_256/ECP_384/ECP_521/MODP_3072/MODP_4096/MODP_2048");
    CHECK(to_string(ours[1]) ==
          "IKE:AES_GCM_16_128/AES_GCM_16_192/AES_GCM_16_256/CHACHA20_POLY1305/AES_GCM_8_128/"
          "AES_GCM_8_192/AES_GCM_8_256/AES_GCM_12_128/AES_GCM_12_192/AES_GCM_12_256/"
          "PRF_HMAC_SHA2_256/PRF_HMAC_SHA2_384/PRF_HMAC_SHA2_512/PRF_AES128_XCBC/"
          "PRF_AES128_CMAC/PRF_HMAC_SHA1/CURVE_25519/ECP_256/ECP_384/ECP_521/MODP_3072/"
          "MODP_4096/MODP_2048");
    CHECK(default_proposals(Protocol::esp) == esp);
}

TEST_CASE("configured proposals append the defaults unless strict", "[proposal][defaults]") {
    auto none = configured_proposals(Protocol::ike, std::nullopt);
    REQUIRE(none.ok());
    CHECK(*none == default_proposals(Protocol::ike));

    auto loose = configured_proposals(Protocol::esp, "aes256-sha512");
    REQUIRE(loose.ok());
    REQUIRE(loose->size() == 3);
    CHECK(to_string((*loose)[0]) == "ESP:AES_CBC_256/HMAC_SHA2_512_256/NO_EXT_SEQ");
    CHECK((*loose)[1] == default_proposals(Protocol::esp)[0]);

    auto strict = configured_proposals(Protocol::esp, "aes256-sha512!");
    REQUIRE(strict.ok());
    REQUIRE(strict->size() == 1);

    auto bad = configured_proposals(Protocol::esp, "aes256-sha999");
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::Contains("'sha999'"));
}

TEST_CASE("a responder with defaults picks what charon picked in the lab", "[proposal][select]") {
    // charon 5.9.8 initiating with its defaults against charon's defaults
    // negotiated AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519.
    auto received = strongswan_default_proposals(Protocol::ike);
    received[0].number = 1;
    received[1].number = 2;
    auto selected = select_proposal(default_proposals(Protocol::ike), received);
    REQUIRE(selected.ok());
    CHECK(to_string(*selected) ==
          "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519");
    CHECK(selected->number == 1);
    auto suite = ike_suite(*selected);
    REQUIRE(suite.ok());
    CHECK(suite->encr == EncrId::aes_cbc);
    CHECK(suite->encr_key_length == 128);
    CHECK(suite->integ == IntegId::hmac_sha2_256_128);
    CHECK(suite->prf == PrfId::hmac_sha2_256);
    CHECK(suite->ke == KeId::curve_25519);

    auto esp = select_proposal(default_proposals(Protocol::esp),
                               strongswan_default_proposals(Protocol::esp), {.skip_ke = true});
    REQUIRE(esp.ok());
    CHECK(to_string(*esp) == "ESP:AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ");
}

TEST_CASE("selection follows our preference, keeps the peer's number and SPI",
          "[proposal][select]") {
    auto ours = configured_proposals(Protocol::esp, "aes256gcm16,aes128-sha256!");
    REQUIRE(ours.ok());
    auto theirs = parse(Protocol::esp, "aes128-sha1-sha256,aes256gcm16-aes128gcm16");
    theirs[0].number = 1;
    theirs[0].spi = {0xc0, 0x01, 0x02, 0x03};
    theirs[1].number = 2;
    theirs[1].spi = {0xc1, 0x01, 0x02, 0x03};
    auto selected = select_proposal(*ours, theirs);
    REQUIRE(selected.ok());
    CHECK(to_string(*selected) == "ESP:AES_GCM_16_256/NO_EXT_SEQ");
    CHECK(selected->number == 2);
    CHECK(selected->spi == Bytes{0xc1, 0x01, 0x02, 0x03});

    // Preferring the peer's order instead picks their first proposal, and
    // within it their first common algorithm.
    auto peer_first = select_proposal(*ours, theirs, {.prefer_configured = false});
    REQUIRE(peer_first.ok());
    CHECK(to_string(*peer_first) == "ESP:AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ");
    CHECK(peer_first->number == 1);

    // Within a proposal our algorithm order wins.
    auto mine = parse(Protocol::ike, "aes256-aes128-sha512-sha256-ecp384-curve25519");
    auto peer = parse(Protocol::ike, "aes128-aes256-sha256-sha512-curve25519-ecp384");
    auto within = select_proposal(mine, peer);
    REQUIRE(within.ok());
    CHECK(to_string(*within) == "IKE:AES_CBC_256/HMAC_SHA2_512_256/PRF_HMAC_SHA2_512/ECP_384");
}

TEST_CASE("no common proposal gives NO_PROPOSAL_CHOSEN", "[proposal][select]") {
    auto ours = configured_proposals(Protocol::ike, "aes256-sha512-modp4096!");
    REQUIRE(ours.ok());
    auto theirs = parse(Protocol::ike, "aes256-sha512-modp2048,aes128-sha512-modp4096");
    auto r = select_proposal(*ours, theirs);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().domain == ipsec::ErrorDomain::ike);
    CHECK(r.error().code == 14);
    CHECK_THAT(r.error().message, Catch::Contains("received IKE:AES_CBC_256/"));
    CHECK_THAT(r.error().message, Catch::Contains("configured IKE:AES_CBC_256/HMAC_SHA2_512_256/"
                                                  "PRF_HMAC_SHA2_512/MODP_4096"));
    // Different protocols never match.
    auto esp = parse(Protocol::esp, "aes256-sha512");
    CHECK_FALSE(select_proposal(*ours, esp).ok());
    // Without '!' our defaults accept the peer's modp2048 proposal.
    auto loose = configured_proposals(Protocol::ike, "aes256-sha512-modp4096");
    REQUIRE(loose.ok());
    auto chosen = select_proposal(*loose, theirs);
    REQUIRE(chosen.ok());
    CHECK(to_string(*chosen) == "IKE:AES_CBC_256/HMAC_SHA2_512_256/PRF_HMAC_SHA2_512/MODP_2048");
}

TEST_CASE("ESP with and without ESN, with and without PFS", "[proposal][select]") {
    auto esn_only = parse(Protocol::esp, "aes128-sha256-esn");
    auto no_esn = parse(Protocol::esp, "aes128-sha256");
    auto both = parse(Protocol::esp, "aes128-sha256-esn-noesn");
    CHECK_FALSE(select_proposal(esn_only, no_esn).ok());
    auto e1 = select_proposal(both, esn_only);
    REQUIRE(e1.ok());
    CHECK(to_string(*e1) == "ESP:AES_CBC_128/HMAC_SHA2_256_128/EXT_SEQ");
    auto child = child_suite(*e1);
    REQUIRE(child.ok());
    CHECK(child->esn);
    auto e2 = select_proposal(no_esn, both);
    REQUIRE(e2.ok());
    CHECK(to_string(*e2) == "ESP:AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ");
    CHECK_FALSE(child_suite(*e2)->esn);

    // PFS: a group on one side only fails, unless it is skipped (IKE_AUTH) or
    // the other side offers NONE.
    auto pfs = parse(Protocol::esp, "aes128-sha256-modp2048");
    auto pfs_or_none = parse(Protocol::esp, "aes128-sha256-modp2048-modpnone");
    CHECK_FALSE(select_proposal(pfs, no_esn).ok());
    auto skipped = select_proposal(pfs, no_esn, {.skip_ke = true});
    REQUIRE(skipped.ok());
    CHECK(to_string(*skipped) == "ESP:AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ");
    auto none = select_proposal(no_esn, pfs_or_none);
    REQUIRE(none.ok());
    CHECK_FALSE(none->has(TransformType::ke));
    auto with_group = select_proposal(pfs, pfs_or_none);
    REQUIRE(with_group.ok());
    CHECK(child_suite(*with_group)->ke == KeId::modp_2048);
}

TEST_CASE("the initiator checks the responder's single proposal", "[proposal][select]") {
    auto offered = default_proposals(Protocol::ike);
    Proposal answer;
    answer.protocol = Protocol::ike;
    answer.number = 1;
    answer.transforms = {make_transform(EncrId::aes_cbc, 128),
                         make_transform(IntegId::hmac_sha2_256_128),
                         make_transform(PrfId::hmac_sha2_256), make_transform(KeId::curve_25519)};
    CHECK(check_selected(offered, answer).ok());

    Proposal wrong_number = answer;
    wrong_number.number = 2; // proposal 2 is the AEAD one
    CHECK_FALSE(check_selected(offered, wrong_number).ok());

    Proposal not_offered = answer;
    not_offered.transforms[0] = make_transform(EncrId::aes_cbc, 100);
    CHECK_FALSE(check_selected(offered, not_offered).ok());

    Proposal two_prfs = answer;
    two_prfs.transforms.push_back(make_transform(PrfId::hmac_sha1));
    auto r = check_selected(offered, two_prfs);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("more than one PSEUDO_RANDOM_FUNCTION"));

    Proposal missing_ke = answer;
    missing_ke.transforms.pop_back();
    CHECK_FALSE(check_selected(offered, missing_ke).ok());
}

TEST_CASE("suites of selected proposals", "[proposal][select]") {
    auto gcm = ike_suite(one(Protocol::ike, "aes256gcm16-prfsha384-ecp384"));
    REQUIRE(gcm.ok());
    CHECK(gcm->encr == EncrId::aes_gcm_16);
    CHECK_FALSE(gcm->integ.has_value());
    CHECK(gcm->prf == PrfId::hmac_sha2_384);
    CHECK(gcm->ke == KeId::ecp_384);
    // Unselected lists (several algorithms of a kind) are refused.
    auto many = ike_suite(one(Protocol::ike, "aes128-aes256-sha256-modp2048"));
    REQUIRE_FALSE(many.ok());
    CHECK_THAT(many.error().message, Catch::Contains("has 2 ENCRYPTION_ALGORITHM transforms"));
    auto ah = child_suite(one(Protocol::ah, "sha256"));
    REQUIRE(ah.ok());
    CHECK_FALSE(ah->encr.has_value());
    CHECK(ah->integ == IntegId::hmac_sha2_256_128);
}

// SPDX-License-Identifier: GPL-2.0-or-later
// Our key schedule, AUTH and SK payload protection against a real
// strongSwan 5.9.8 exchange (tests/ike/data, captured in the VM with
// charondebug "ike 4, enc 4"): the values charon logged and the datagrams it
// sent must come out of our code.
//
//   host-host: IKE AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519,
//              charon's default proposals, PSK, CHILD and IKE rekeys
//   net-net:   IKE AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384, ESP with PFS,
//              SKF fragments
#include "charon_capture.hpp"
#include "ike/crypto/default_proposals.hpp"
#include "ike/crypto/kernel_algorithms.hpp"
#include "ike/crypto/proposal_parser.hpp"
#include "ike/crypto/proposal_selection.hpp"
#include "ike/crypto/psk_auth.hpp"
#include "ike/crypto/sk_ciphers.hpp"
#include "ike/crypto/transform_registry.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <optional>
#include <tuple>

using namespace ipsec::ike::crypto;
using namespace ipsec::ike::crypto::test;

namespace {

constexpr std::uint8_t k_sa = 33, k_ke = 34, k_idi = 35, k_idr = 36, k_auth = 39, k_nonce = 40;
constexpr std::uint8_t k_create_child_sa = 36;
constexpr std::uint8_t k_flag_initiator = 0x08, k_flag_response = 0x20;

// ike= / esp= of a capture's ipsec.conf, if set.
std::optional<std::string> conf_value(const std::string& file, const std::string& key) {
    std::ifstream in(data_path(file));
    REQUIRE(in.good());
    std::string line;
    while (std::getline(in, line)) {
        std::size_t start = line.find_first_not_of(" \t");
        if (start != std::string::npos && line.compare(start, key.size() + 1, key + "=") == 0)
            return line.substr(start + key.size() + 1);
    }
    return std::nullopt;
}

void check_keys(const IkeSaKeys& keys, const std::vector<LogValue>& log, int nth) {
    CHECK(to_hex(keys.skeyseed) == to_hex(log_value(log, "SKEYSEED", nth)));
    CHECK(to_hex(keys.sk_d) == to_hex(log_value(log, "Sk_d secret", nth)));
    if (keys.sk_ai.empty()) { // AEAD: charon logs no integrity keys
        CHECK(keys.sk_ar.empty());
    } else {
        CHECK(to_hex(keys.sk_ai) == to_hex(log_value(log, "Sk_ai secret", nth)));
        CHECK(to_hex(keys.sk_ar) == to_hex(log_value(log, "Sk_ar secret", nth)));
    }
    CHECK(to_hex(keys.sk_ei) == to_hex(log_value(log, "Sk_ei secret", nth)));
    CHECK(to_hex(keys.sk_er) == to_hex(log_value(log, "Sk_er secret", nth)));
    CHECK(to_hex(keys.sk_pi) == to_hex(log_value(log, "Sk_pi secret", nth)));
    CHECK(to_hex(keys.sk_pr) == to_hex(log_value(log, "Sk_pr secret", nth)));
}

struct IkeSa {
    IkeSuite suite;
    IkeSaKeys keys;
    SkCiphers initiator; // outbound = i->r, inbound = r->i
    Bytes ni, nr;
    Proposal esp; // the CHILD_SA proposal bob chose in IKE_AUTH
};

// The first IKE_AUTH request or response (a retransmission may follow).
IkeMessage ike_auth(const std::vector<Datagram>& datagrams, bool response) {
    for (const Datagram& d : datagrams) {
        IkeMessage m = parse_message(d.message);
        if (m.exchange == 35 && ((m.flags & k_flag_response) != 0) == response)
            return m;
    }
    FAIL("no IKE_AUTH " << (response ? "response" : "request"));
    return {};
}

struct Capture {
    std::string name;
    std::vector<Datagram> datagrams;
    std::vector<LogValue> alice_log;
    std::vector<LogValue> bob_log;
    std::string psk;
};

Capture load(const std::string& name) {
    Capture c;
    c.name = name;
    c.datagrams = read_pcap(data_path(name + ".pcap"));
    c.alice_log = read_charon_log(data_path(name + "-alice.log"));
    c.bob_log = read_charon_log(data_path(name + "-bob.log"));
    std::ifstream secrets(data_path(name + ".secrets"));
    std::string line;
    std::getline(secrets, line);
    std::size_t open = line.find('"');
    std::size_t close = line.rfind('"');
    REQUIRE(open != std::string::npos);
    REQUIRE(close > open);
    c.psk = line.substr(open + 1, close - open - 1);
    return c;
}

// The decrypted inner payloads of an SK message (single SK payload).
std::vector<Payload> open_inner(const IkeMessage& m, const Encryption& cipher) {
    std::uint8_t first = 0;
    Bytes plain = open_encrypted(m, cipher, first);
    return parse_payloads(first, plain);
}

const Payload& find(const std::vector<Payload>& payloads, std::uint8_t type) {
    for (const Payload& p : payloads)
        if (p.type == type)
            return p;
    FAIL("no inner payload of type " << int(type));
    return payloads.front();
}

// IKE_SA_INIT, selection, SKEYSEED and SK_*, AUTH of both peers.
IkeSa check_initial_sa(const Capture& c) {
    IkeMessage request = parse_message(c.datagrams.at(0).message);
    IkeMessage response = parse_message(c.datagrams.at(1).message);
    REQUIRE(request.exchange == 34);
    REQUIRE(response.exchange == 34);
    const Bytes ni = request.find(k_nonce).body;
    const Bytes nr = response.find(k_nonce).body;
    const Bytes& spi_i = request.spi_i;
    const Bytes& spi_r = response.spi_r;

    // Bob's choice among alice's proposals is ours too.
    std::vector<Proposal> offered = parse_sa(request.find(k_sa).body);
    std::vector<Proposal> answer = parse_sa(response.find(k_sa).body);
    REQUIRE(answer.size() == 1);
    auto configured = configured_proposals(Protocol::ike, conf_value(c.name + "-bob.conf", "ike"));
    REQUIRE(configured.ok());
    auto selected = select_proposal(*configured, offered);
    REQUIRE(selected.ok());
    CHECK(to_string(*selected) == to_string(answer[0]));
    CHECK(selected->number == answer[0].number);
    CHECK(check_selected(offered, answer[0]).ok());
    auto suite = ike_suite(answer[0]);
    REQUIRE(suite.ok());

    // The KE payloads carry group and public value sizes as we encode them.
    const Payload& ke = request.find(k_ke);
    CHECK((ke.body[0] << 8 | ke.body[1]) == static_cast<int>(suite->ke));
    CHECK(ke.body.size() - 4 == ke_public_size(suite->ke));

    // SKEYSEED and SK_* as both charons logged them.
    const Bytes g_ir = log_value(c.alice_log, "shared Diffie Hellman secret");
    CHECK(g_ir == log_value(c.bob_log, "shared Diffie Hellman secret"));
    auto keys = derive_ike_sa(*suite, g_ir, ni, nr, spi_i, spi_r);
    REQUIRE(keys.ok());
    check_keys(*keys, c.alice_log, 0);
    check_keys(*keys, c.bob_log, 0);
    CHECK(keys->sk_ai.empty() == !suite->integ.has_value());

    auto initiator = make_sk_ciphers(*suite, *keys, true);
    auto responder = make_sk_ciphers(*suite, *keys, false);
    REQUIRE(initiator.ok());
    REQUIRE(responder.ok());

    // IKE_AUTH request: bob opens it, and alice's AUTH is our PSK AUTH over
    // her IKE_SA_INIT request, Nr and prf(SK_pi, IDi').
    IkeMessage auth_request = ike_auth(c.datagrams, false);
    REQUIRE(auth_request.exchange == 35);
    auto inner_i = open_inner(auth_request, responder->inbound);
    const Payload& idi = find(inner_i, k_idi);
    const Payload& auth_i = find(inner_i, k_auth);
    REQUIRE(auth_i.body[0] == static_cast<std::uint8_t>(AuthMethod::shared_key_mic));
    auto octets_i = signed_octets(suite->prf, request.raw, nr, keys->sk_pi, idi.body);
    REQUIRE(octets_i.ok());
    auto expected_i = psk_auth(suite->prf, as_bytes(c.psk), *octets_i);
    REQUIRE(expected_i.ok());
    CHECK(to_hex(*expected_i) == to_hex(ByteView(auth_i.body).subspan(4)));
    // Each charon logs its own AUTH and the one it expects from the peer:
    // alice computes hers first, bob verifies it first.
    const std::string_view auth_label = "AUTH = prf(prf(secret, keypad), octets)";
    CHECK(to_hex(*expected_i) == to_hex(log_value(c.alice_log, auth_label, 0)));
    CHECK(to_hex(*expected_i) == to_hex(log_value(c.bob_log, auth_label, 0)));
    CHECK(verify_psk_auth(suite->prf, as_bytes(c.psk), *octets_i, ByteView(auth_i.body).subspan(4))
              .ok());

    // IKE_AUTH response: alice opens it; bob's AUTH covers his IKE_SA_INIT
    // response, Ni and prf(SK_pr, IDr').
    IkeMessage auth_response = ike_auth(c.datagrams, true);
    auto inner_r = open_inner(auth_response, initiator->inbound);
    const Payload& idr = find(inner_r, k_idr);
    const Payload& auth_r = find(inner_r, k_auth);
    auto octets_r = signed_octets(suite->prf, response.raw, ni, keys->sk_pr, idr.body);
    REQUIRE(octets_r.ok());
    auto expected_r = psk_auth(suite->prf, as_bytes(c.psk), *octets_r);
    REQUIRE(expected_r.ok());
    CHECK(to_hex(*expected_r) == to_hex(ByteView(auth_r.body).subspan(4)));
    CHECK(to_hex(*expected_r) == to_hex(log_value(c.bob_log, auth_label, 1)));
    CHECK(to_hex(*expected_r) == to_hex(log_value(c.alice_log, auth_label, 1)));
    // A wrong PSK does not give charon's AUTH.
    CHECK_FALSE(verify_psk_auth(suite->prf, as_bytes(c.psk + "x"), *octets_r,
                                ByteView(auth_r.body).subspan(4))
                    .ok());

    // The CHILD_SA of IKE_AUTH: bob's choice among alice's ESP proposals is ours.
    auto esp_offered = parse_sa(find(inner_i, k_sa).body);
    auto esp_answer = parse_sa(find(inner_r, k_sa).body);
    REQUIRE(esp_answer.size() == 1);
    auto esp_configured =
        configured_proposals(Protocol::esp, conf_value(c.name + "-bob.conf", "esp"));
    REQUIRE(esp_configured.ok());
    auto esp_selected = select_proposal(*esp_configured, esp_offered, {.skip_ke = true});
    REQUIRE(esp_selected.ok());
    CHECK(to_string(*esp_selected) == to_string(esp_answer[0]));
    CHECK(esp_selected->spi == esp_offered[esp_selected->number - 1].spi);

    return {*suite, *keys, std::move(*initiator), ni, nr, esp_answer[0]};
}

// Every encrypted datagram of the capture opens with the keys of its IKE_SA;
// the IKE_SA rekey gives charon's new SKEYSEED and SK_*. Returns the number
// of datagrams opened.
std::size_t check_all_datagrams(const Capture& c, IkeSa initial) {
    IkeMessage first = parse_message(c.datagrams.at(0).message);
    IkeMessage second = parse_message(c.datagrams.at(1).message);
    std::map<Bytes, IkeSa> sas;
    sas.emplace(concat({first.spi_i, second.spi_r}), std::move(initial));
    int rekeys = 0;
    std::size_t opened = 0;
    std::optional<IkeMessage> pending_rekey; // an IKE rekey request awaiting its response
    std::vector<Payload> pending_inner;
    std::map<std::tuple<Bytes, std::uint32_t, std::uint8_t>, std::vector<Bytes>> fragments;
    std::uint8_t fragment_first = 0;
    std::vector<Proposal> child_offer;
    std::vector<Payload> child_offer_ke;
    int child_rekeys = 0, pfs_rekeys = 0, reassembled = 0;

    for (std::size_t i = 2; i < c.datagrams.size(); ++i) {
        IkeMessage m = parse_message(c.datagrams[i].message);
        CAPTURE(i, int(m.exchange), int(m.flags), m.id);
        auto sa = sas.find(concat({m.spi_i, m.spi_r}));
        REQUIRE(sa != sas.end());
        // The original initiator of this IKE_SA sends with SK_ei/SK_ai.
        const SkCiphers& ciphers = sa->second.initiator;
        bool from_initiator = (m.flags & k_flag_initiator) != 0;
        SkCiphers responder_view = *make_sk_ciphers(sa->second.suite, sa->second.keys, false);
        const Encryption& cipher = from_initiator ? responder_view.inbound : ciphers.inbound;
        std::uint8_t first_inner = 0;
        Bytes plain = open_encrypted(m, cipher, first_inner);
        ++opened;

        // With an AEAD and no padding, our encryption of the plaintext with
        // charon's IV is charon's datagram, byte for byte.
        if (cipher.is_aead()) {
            const Encryption& sender = from_initiator ? responder_view.inbound : ciphers.inbound;
            const Payload& last = m.payloads.back();
            std::size_t header = last.type == 53 ? 8 : 4;
            ByteView raw(m.raw);
            ByteView iv = raw.subspan(last.offset + header, 8);
            auto again = sender.encrypt_with_iv(raw.first(last.offset + header), plain, iv);
            REQUIRE(again.ok());
            CHECK(to_hex(*again) == to_hex(raw.subspan(last.offset + header)));
        }

        if (m.exchange != k_create_child_sa)
            continue;
        // Reassemble SKF fragments (RFC 7383): Fragment Number, Total Fragments.
        Bytes inner_bytes = plain;
        if (m.payloads.back().type == 53) {
            const Bytes& skf = m.payloads.back().body;
            std::size_t number = skf[0] << 8 | skf[1];
            std::size_t total = skf[2] << 8 | skf[3];
            auto& parts = fragments[{concat({m.spi_i, m.spi_r}), m.id, m.flags}];
            if (number == 1)
                fragment_first = first_inner;
            parts.resize(total);
            parts.at(number - 1) = plain;
            if (std::any_of(parts.begin(), parts.end(), [](const Bytes& b) { return b.empty(); }))
                continue;
            inner_bytes.clear();
            for (const Bytes& part : parts)
                inner_bytes.insert(inner_bytes.end(), part.begin(), part.end());
            first_inner = fragment_first;
            ++reassembled;
        }
        auto inner = parse_payloads(first_inner, inner_bytes);
        auto proposals = parse_sa(find(inner, k_sa).body);
        REQUIRE_FALSE(proposals.empty());
        if (proposals[0].protocol == Protocol::esp) {
            // CHILD_SA rekey: the responder's choice is what our selection
            // gives with the responder's esp= (PFS group included).
            if (!(m.flags & k_flag_response)) {
                child_offer = proposals;
                child_offer_ke = inner;
                continue;
            }
            std::string responder = c.datagrams[i].src == "192.168.27.132" ? "bob" : "alice";
            auto configured = configured_proposals(
                Protocol::esp, conf_value(c.name + "-" + responder + ".conf", "esp"));
            REQUIRE(configured.ok());
            auto selected = select_proposal(*configured, child_offer);
            REQUIRE(selected.ok());
            REQUIRE(proposals.size() == 1);
            CHECK(to_string(*selected) == to_string(proposals[0]));
            auto child = child_suite(proposals[0]);
            REQUIRE(child.ok());
            if (child->ke) {
                // Both KE payloads use the selected PFS group.
                for (const auto* payloads : {&child_offer_ke, &inner}) {
                    const Payload& ke = find(*payloads, k_ke);
                    CHECK((ke.body[0] << 8 | ke.body[1]) == static_cast<int>(*child->ke));
                    CHECK(ke.body.size() - 4 == ke_public_size(*child->ke));
                }
                ++pfs_rekeys;
            }
            ++child_rekeys;
            continue;
        }
        if (!(m.flags & k_flag_response)) {
            pending_rekey = m;
            pending_inner = inner;
            continue;
        }
        // The IKE_SA rekey (RFC 7296 2.18): SKEYSEED = prf(SK_d (old),
        // g^ir (new) | Ni | Nr); SPIi is the requester's new SPI.
        REQUIRE(pending_rekey);
        const Bytes ni = find(pending_inner, k_nonce).body;
        const Bytes nr = find(inner, k_nonce).body;
        auto offered = parse_sa(find(pending_inner, k_sa).body);
        REQUIRE(proposals.size() == 1);
        CHECK(check_selected(offered, proposals[0]).ok());
        auto new_suite = ike_suite(proposals[0]);
        REQUIRE(new_suite.ok());
        const Bytes new_spi_i = offered[proposals[0].number - 1].spi;
        const Bytes new_spi_r = proposals[0].spi;
        ++rekeys;
        const Bytes g_ir = log_value(c.alice_log, "shared Diffie Hellman secret", rekeys);
        auto skeyseed =
            compute_rekey_skeyseed(sa->second.suite.prf, sa->second.keys.sk_d, g_ir, ni, nr);
        REQUIRE(skeyseed.ok());
        auto keys = derive_ike_sa_keys(*new_suite, *skeyseed, ni, nr, new_spi_i, new_spi_r);
        REQUIRE(keys.ok());
        check_keys(*keys, c.alice_log, rekeys);
        check_keys(*keys, c.bob_log, rekeys);
        auto new_initiator = make_sk_ciphers(*new_suite, *keys, true);
        REQUIRE(new_initiator.ok());
        sas.emplace(concat({new_spi_i, new_spi_r}),
                    IkeSa{*new_suite, *keys, std::move(*new_initiator), ni, nr, {}});
        pending_rekey.reset();
    }
    CHECK(rekeys == 1);
    CHECK(child_rekeys == 2); // one on the first IKE_SA, one on the rekeyed one
    INFO("PFS rekeys " << pfs_rekeys << ", reassembled SKF messages " << reassembled);
    if (c.name == "net-net") {
        CHECK(pfs_rekeys == 2);
        CHECK(reassembled == 4);
    } else {
        CHECK(pfs_rekeys == 0);
        CHECK(reassembled == 0);
    }
    return opened;
}

} // namespace

TEST_CASE("charon's default proposals are the ones we model", "[capture]") {
    auto datagrams = read_pcap(data_path("host-host.pcap"));
    IkeMessage request = parse_message(datagrams.at(0).message);
    auto offered = parse_sa(request.find(k_sa).body);
    auto model = strongswan_default_proposals(Protocol::ike);
    REQUIRE(offered.size() == model.size());
    for (std::size_t i = 0; i < offered.size(); ++i) {
        CHECK(offered[i].number == i + 1);
        CHECK(to_string(offered[i]) == to_string(model[i]));
        CHECK(offered[i].transforms == model[i].transforms);
    }
}

TEST_CASE("host-host: SKEYSEED, SK_*, PSK AUTH and every datagram match charon", "[capture]") {
    Capture c = load("host-host");
    IkeSa sa = check_initial_sa(c);
    CHECK(transform_name(make_transform(sa.suite.ke)) == "CURVE_25519");
    CHECK(check_all_datagrams(c, std::move(sa)) == c.datagrams.size() - 2);
}

TEST_CASE("net-net: AES-GCM/ECP-384 keys, AUTH and SK/SKF payloads match charon", "[capture]") {
    Capture c = load("net-net");
    IkeSa sa = check_initial_sa(c);
    CHECK(sa.suite.encr == EncrId::aes_gcm_16);
    CHECK(sa.keys.sk_ei.size() == 36);
    CHECK(check_all_datagrams(c, std::move(sa)) == c.datagrams.size() - 2);
}

TEST_CASE("host-host-keys: CHILD_SA KEYMAT gives charon's and the kernel's ESP keys", "[capture]") {
    Capture c = load("host-host-keys");
    IkeSa sa = check_initial_sa(c);
    auto child = child_suite(sa.esp);
    REQUIRE(child.ok());
    CHECK(to_string(sa.esp) == "ESP:AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ");
    auto keys =
        derive_child_sa_keys(sa.suite.prf, sa.keys.sk_d, *child, std::nullopt, sa.ni, sa.nr);
    REQUIRE(keys.ok());
    for (const auto* log : {&c.alice_log, &c.bob_log}) {
        CHECK(to_hex(concat({sa.ni, sa.nr})) == to_hex(log_value(*log, "seed")));
        CHECK(to_hex(keys->encr_i) == to_hex(log_value(*log, "encryption initiator key")));
        CHECK(to_hex(keys->integ_i) == to_hex(log_value(*log, "integrity initiator key")));
        CHECK(to_hex(keys->encr_r) == to_hex(log_value(*log, "encryption responder key")));
        CHECK(to_hex(keys->integ_r) == to_hex(log_value(*log, "integrity responder key")));
    }

    // What the kernel got: `ip xfrm state` on alice after `ipsec up`. The SA
    // from alice (initiator) to bob carries bob's SPI and the "_i" keys.
    std::ifstream in(data_path("host-host-keys-xfrm.txt"));
    REQUIRE(in.good());
    std::string xfrm((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto out_sa = kernel_algorithms(*child, keys->encr_i, keys->integ_i);
    auto in_sa = kernel_algorithms(*child, keys->encr_r, keys->integ_r);
    REQUIRE(out_sa.ok());
    REQUIRE(in_sa.ok());
    auto line = [](const KernelAlgorithm& a, const char* kind) {
        std::string text = std::string(kind) + " " + a.name + " 0x" + to_hex(a.key);
        if (a.icv_bits)
            text += " " + std::to_string(*a.icv_bits);
        return text;
    };
    const std::string to_bob =
        "src 192.168.27.128 dst 192.168.27.132\n\tproto esp spi 0x" + to_hex(sa.esp.spi) + " ";
    CHECK_THAT(xfrm, Catch::Contains(to_bob));
    std::size_t at = xfrm.find(to_bob);
    REQUIRE(at != std::string::npos);
    std::string block = xfrm.substr(at, xfrm.find("sel ", at) - at);
    CHECK_THAT(block, Catch::Contains(line(*out_sa->auth, "auth-trunc")));
    CHECK_THAT(block, Catch::Contains(line(*out_sa->enc, "enc")));
    CHECK_THAT(xfrm, Catch::Contains(line(*in_sa->auth, "auth-trunc")));
    CHECK_THAT(xfrm, Catch::Contains(line(*in_sa->enc, "enc")));
    // Keys of the wrong direction are not where the "_i" ones are.
    CHECK_THAT(block, !Catch::Contains(to_hex(keys->encr_r)));
}

namespace {

// The text after `marker` on the first log line that has it.
std::string log_line_after(const std::string& file, const std::string& marker) {
    std::ifstream in(data_path(file));
    REQUIRE(in.good());
    std::string line;
    while (std::getline(in, line)) {
        std::size_t at = line.find(marker);
        if (at != std::string::npos)
            return line.substr(at + marker.size());
    }
    FAIL("no '" << marker << "' in " << file);
    return {};
}

std::string joined(const std::vector<Proposal>& proposals) {
    std::string out;
    for (const Proposal& p : proposals)
        out += (out.empty() ? "" : ", ") + to_string(p);
    return out;
}

} // namespace

TEST_CASE("ike= and esp= read as charon reads them", "[capture]") {
    for (const char* name : {"host-host", "net-net"}) {
        for (Protocol protocol : {Protocol::ike, Protocol::esp}) {
            std::string key = protocol == Protocol::ike ? "ike" : "esp";
            CAPTURE(name, key);
            auto conf = conf_value(std::string(name) + "-bob.conf", key);
            std::string expected;
            if (conf) {
                auto list = parse_proposal_string(protocol, *conf);
                REQUIRE(list.ok());
                expected = joined(list->proposals);
                if (!list->strict)
                    expected += ", " + joined(strongswan_default_proposals(protocol));
            } else {
                expected = joined(strongswan_default_proposals(protocol));
            }
            std::string prefix = std::string(protocol_name(protocol)) + ":";
            CHECK(
                log_line_after(std::string(name) + "-bob.log", "configured proposals: " + prefix) ==
                expected.substr(prefix.size()));
        }
    }
}

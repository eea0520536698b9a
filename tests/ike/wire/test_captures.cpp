// SPDX-License-Identifier: GPL-2.0-or-later
// The codec against real strongSwan 5.9.8 traffic (tests/ike/data, made by
// tests/ike/capture-charon.sh): every captured datagram parses and re-serializes
// byte for byte, and so does every decrypted inner payload chain charon logged.
#include "charon_log.hpp"
#include "ike/wire/codec.hpp"
#include "ike/wire/signature_auth.hpp"
#include "pcap_reader.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <sstream>

using namespace ipsec::ike::wire;
using ipsec::ike::test::IkeDatagram;
using ipsec::ike::test::LoggedPlaintext;

namespace {

const std::string data_dir = IKE_DATA_DIR;

std::vector<IkeDatagram> datagrams(const std::string& capture) {
    auto d = ipsec::ike::test::read_ike_datagrams(data_dir + "/" + capture + ".pcap");
    INFO((d ? std::string() : d.error().message));
    REQUIRE(d.ok());
    return *d;
}

std::vector<LoggedPlaintext> plaintexts(const std::string& log) {
    auto p = ipsec::ike::test::read_logged_plaintexts(data_dir + "/" + log + ".log");
    INFO((p ? std::string() : p.error().message));
    REQUIRE(p.ok());
    return *p;
}

Message parsed(std::span<const std::uint8_t> bytes) {
    auto m = parse(bytes);
    INFO((m ? std::string() : m.error().message));
    REQUIRE(m.ok());
    return *m;
}

std::vector<Payload> parsed_chain(PayloadType first, std::span<const std::uint8_t> bytes) {
    auto p = parse_payloads(first, bytes);
    INFO((p ? std::string() : p.error().message));
    REQUIRE(p.ok());
    return *p;
}

std::string summary(const std::vector<Payload>& payloads) {
    std::string s = "[";
    for (const auto& p : payloads)
        s += " " + payload_summary(p);
    return s + " ]";
}

// charon's short notify names (as in `ipsec up`) to the RFC names we print.
std::string from_charon(const std::string& list) {
    static const std::map<std::string, std::string> names = {
        {"NATD_S_IP", "NAT_DETECTION_SOURCE_IP"},
        {"NATD_D_IP", "NAT_DETECTION_DESTINATION_IP"},
        {"FRAG_SUP", "IKEV2_FRAGMENTATION_SUPPORTED"},
        {"HASH_ALG", "SIGNATURE_HASH_ALGORITHMS"},
        {"REDIR_SUP", "REDIRECT_SUPPORTED"},
        {"CHDLESS_SUP", "CHILDLESS_IKEV2_SUPPORTED"},
        {"MULT_AUTH", "MULTIPLE_AUTH_SUPPORTED"},
        {"INIT_CONTACT", "INITIAL_CONTACT"},
        {"USE_TRANSP", "USE_TRANSPORT_MODE"},
        {"MOBIKE_SUP", "MOBIKE_SUPPORTED"},
        {"NO_ADD_ADDR", "NO_ADDITIONAL_ADDRESSES"},
        {"EAP_ONLY", "EAP_ONLY_AUTHENTICATION"},
        {"MSG_ID_SYN_SUP", "IKEV2_MESSAGE_ID_SYNC_SUPPORTED"},
    };
    std::istringstream in(list);
    std::string word, out;
    while (in >> word) {
        if (word.rfind("N(", 0) == 0) {
            std::string name = word.substr(2, word.size() - 3);
            auto it = names.find(name);
            word = "N(" + (it == names.end() ? name : it->second) + ")";
        }
        out += (out.empty() ? "" : " ") + word;
    }
    return out;
}

// The "[ ... ]" lists of `ipsec up` for the first four messages: IKE_SA_INIT
// request/response, IKE_AUTH request/response.
std::vector<std::string> up_lists(const std::string& capture) {
    std::ifstream in(data_dir + "/" + capture + "-up.txt");
    REQUIRE(in);
    std::vector<std::string> lists;
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("generating ", 0) != 0 && line.rfind("parsed ", 0) != 0)
            continue;
        auto open = line.find('[');
        if (open != std::string::npos)
            lists.push_back(from_charon(line.substr(open)));
    }
    return lists;
}

bool starts_with(const std::vector<std::uint8_t>& bytes, const std::vector<std::uint8_t>& prefix) {
    return bytes.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), bytes.begin());
}

} // namespace

TEST_CASE("every captured charon datagram parses and re-serializes byte for byte") {
    for (const auto& [capture, count] :
         {std::pair{"host-host", 18}, std::pair{"net-net", 22}, std::pair{"host-host-keys", 7}}) {
        auto all = datagrams(capture);
        REQUIRE(all.size() == static_cast<std::size_t>(count));
        for (const auto& d : all) {
            INFO(capture << " frame " << d.frame);
            Message m = parsed(d.payload);
            CHECK(serialize(m) == d.payload);
            CHECK(m.header.length == d.payload.size());
            CHECK(m.header.major_version == 2);
            CHECK(d.src_port == (m.header.exchange == ExchangeType::ike_sa_init ? 500 : 4500));
            if (m.header.exchange != ExchangeType::ike_sa_init) {
                REQUIRE(m.payloads.size() == 1);
                CHECK((std::holds_alternative<EncryptedPayload>(m.payloads[0]) ||
                       std::holds_alternative<EncryptedFragmentPayload>(m.payloads[0])));
            }
        }
    }
}

TEST_CASE("the IKE_SA_INIT exchange decodes as charon printed it") {
    for (const char* capture : {"host-host", "net-net"}) {
        INFO(capture);
        auto all = datagrams(capture);
        auto lists = up_lists(capture);
        REQUIRE(lists.size() >= 4);
        Message request = parsed(all[0].payload);
        Message response = parsed(all[1].payload);
        CHECK(request.summary() == "IKE_SA_INIT request 0 " + lists[0]);
        CHECK(response.summary() == "IKE_SA_INIT response 0 " + lists[1]);
        CHECK(request.header.initiator);
        CHECK_FALSE(request.header.response);
        CHECK(request.header.spi_r == 0);
        CHECK(response.header.response);
        CHECK(response.header.spi_i == request.header.spi_i);

        for (const auto& p : request.payloads) {
            const auto* n = std::get_if<NotifyPayload>(&p);
            if (!n)
                continue;
            if (n->type == NotifyType::nat_detection_source_ip ||
                n->type == NotifyType::nat_detection_destination_ip)
                CHECK(n->data.size() == 20); // SHA-1 of SPIs, address and port
            if (n->type == NotifyType::signature_hash_algorithms) {
                auto algs = parse_hash_algorithms(n->data);
                REQUIRE(algs.ok());
                CHECK(std::find(algs->begin(), algs->end(), HashAlgorithm::sha2_256) !=
                      algs->end());
            }
        }

        // The responder's SA holds the one proposal charon selected, numbered as in
        // the request, and the KE payloads use its group.
        const auto& sa = std::get<SaPayload>(response.payloads[0]);
        REQUIRE(sa.proposals.size() == 1);
        const auto& req_sa = std::get<SaPayload>(request.payloads[0]);
        REQUIRE(sa.proposals[0].number <= req_sa.proposals.size());
        std::uint16_t group = 0;
        for (const auto& t : sa.proposals[0].transforms)
            if (t.type == TransformType::dh)
                group = t.id;
        const auto& ke = std::get<KePayload>(response.payloads[1]);
        CHECK(ke.group == group);
        if (std::string(capture) == "host-host") {
            CHECK(transform_id_name(TransformType::dh, group) == "CURVE_25519");
            CHECK(ke.data.size() == 32);
            // strongSwan's default IKE proposals: AES_CBC with a Key Length attribute first.
            const auto& first = req_sa.proposals[0].transforms[0];
            CHECK(first.type == TransformType::encr);
            CHECK(transform_id_name(first.type, first.id) == "AES_CBC");
            REQUIRE(first.attributes.size() == 1);
            CHECK(first.attributes[0] == TransformAttribute::key_length(128));
        } else {
            CHECK(transform_id_name(TransformType::dh, group) == "ECP_384");
            CHECK(ke.data.size() == 96);
        }
    }
}

TEST_CASE("every SK/SKF plaintext charon logged parses and re-serializes byte for byte") {
    for (const char* capture : {"host-host", "net-net", "host-host-keys"}) {
        auto all = datagrams(capture);
        std::vector<LoggedPlaintext> logged;
        for (const char* side : {"-alice", "-bob"}) {
            auto p = plaintexts(std::string(capture) + side);
            logged.insert(logged.end(), p.begin(), p.end());
        }
        // Each encrypted datagram was logged by its sender (encryption) and by its
        // receiver (decryption), with the datagram's first octets as associated data
        // (a retransmission is the same datagram again, logged once by the sender).
        for (const auto& d : all) {
            if (d.src_port == 500)
                continue;
            int encrypted = 0, decrypted = 0;
            for (const auto& l : logged)
                if (starts_with(d.payload, l.assoc))
                    ++(l.encryption ? encrypted : decrypted);
            INFO(capture << " frame " << d.frame);
            CHECK(encrypted == 1);
            CHECK(decrypted >= 1);
        }

        std::size_t whole = 0, reassembled = 0;
        std::map<std::vector<std::uint8_t>, std::map<std::uint16_t, const LoggedPlaintext*>>
            fragments;
        for (const auto& l : logged) {
            INFO(capture << " log line " << l.line);
            REQUIRE(l.assoc.size() == (l.fragment ? 36u : 32u));
            if (!l.fragment) {
                auto chain = parsed_chain(static_cast<PayloadType>(l.assoc[28]), l.plain);
                CHECK(serialize_payloads(chain) == l.plain);
                ++whole;
                continue;
            }
            std::vector<std::uint8_t> key(l.assoc.begin(), l.assoc.begin() + 24);
            key.push_back(l.encryption);
            std::uint16_t number = static_cast<std::uint16_t>(l.assoc[32] << 8 | l.assoc[33]);
            fragments[key][number] = &l;
        }
        for (const auto& [key, parts] : fragments) {
            const LoggedPlaintext* first = parts.begin()->second;
            std::uint16_t total =
                static_cast<std::uint16_t>(first->assoc[34] << 8 | first->assoc[35]);
            INFO(capture << " fragments from log line " << first->line);
            REQUIRE(parts.size() == total);
            REQUIRE(parts.begin()->first == 1);
            std::vector<std::uint8_t> plain;
            for (const auto& [number, part] : parts)
                plain.insert(plain.end(), part->plain.begin(), part->plain.end());
            auto chain = parsed_chain(static_cast<PayloadType>(first->assoc[28]), plain);
            CHECK(serialize_payloads(chain) == plain);
            ++reassembled;
        }
        INFO(capture);
        if (std::string(capture) == "host-host") {
            CHECK(whole == 32); // 16 encrypted datagrams, each logged twice
            CHECK(reassembled == 0);
        } else if (std::string(capture) == "host-host-keys") {
            CHECK(whole == 8); // IKE_AUTH and INFORMATIONAL, 4 messages logged by both sides
            CHECK(reassembled == 0);
        } else {
            CHECK(whole == 24);      // 12 SK datagrams of 20 encrypted ones, each logged twice
            CHECK(reassembled == 8); // 4 fragmented messages, on both sides
        }
    }
}

TEST_CASE("the IKE_AUTH plaintexts decode as charon printed them") {
    for (const char* capture : {"host-host", "net-net"}) {
        INFO(capture);
        auto lists = up_lists(capture);
        auto logged = plaintexts(std::string(capture) + "-alice");
        // alice's first encryption is her IKE_AUTH request, her first decryption
        // bob's IKE_AUTH response.
        const LoggedPlaintext* request = nullptr;
        const LoggedPlaintext* response = nullptr;
        for (const auto& l : logged) {
            if (l.encryption && !request)
                request = &l;
            if (!l.encryption && !response)
                response = &l;
        }
        REQUIRE(request);
        REQUIRE(response);
        auto req = parsed_chain(static_cast<PayloadType>(request->assoc[28]), request->plain);
        auto resp = parsed_chain(static_cast<PayloadType>(response->assoc[28]), response->plain);
        CHECK(summary(req) == lists[2]);
        CHECK(summary(resp) == lists[3]);

        const auto& idi = std::get<IdiPayload>(req[0]);
        CHECK(idi.id_type == IdType::ipv4_addr);
        CHECK(idi.data == std::vector<std::uint8_t>{192, 168, 27, 128});
        for (const auto& p : req) {
            if (const auto* auth = std::get_if<AuthPayload>(&p)) {
                CHECK(auth->method == AuthMethod::shared_key_mic);
                CHECK(auth->data.size() == (std::string(capture) == "host-host" ? 32u : 48u));
            }
            if (const auto* sa = std::get_if<SaPayload>(&p)) {
                for (const auto& proposal : sa->proposals) {
                    CHECK(proposal.protocol == ProtocolId::esp);
                    CHECK(proposal.spi.size() == 4);
                }
            }
            if (const auto* tsi = std::get_if<TsiPayload>(&p)) {
                if (std::string(capture) == "host-host") {
                    REQUIRE(tsi->selectors.size() == 1);
                    CHECK(tsi->selectors[0].start_address ==
                          std::vector<std::uint8_t>{192, 168, 27, 128});
                } else {
                    REQUIRE(tsi->selectors.size() == 2);
                    CHECK(tsi->selectors[0].type == TsType::ipv4_addr_range);
                    CHECK(tsi->selectors[0].start_address ==
                          std::vector<std::uint8_t>{10, 1, 0, 0});
                    CHECK(tsi->selectors[0].end_address ==
                          std::vector<std::uint8_t>{10, 1, 0, 255});
                    CHECK(tsi->selectors[1].type == TsType::ipv6_addr_range);
                    std::vector<std::uint8_t> start(16, 0), end(16, 0xff);
                    start[0] = end[0] = 0xfd;
                    start[1] = end[1] = 0x00;
                    start[2] = end[2] = 0x00;
                    start[3] = end[3] = 0x01;
                    for (int i = 4; i < 8; ++i)
                        start[i] = end[i] = 0;
                    CHECK(tsi->selectors[1].start_address == start);
                    CHECK(tsi->selectors[1].end_address == end);
                    CHECK(tsi->selectors[1].start_port == 0);
                    CHECK(tsi->selectors[1].end_port == 65535);
                }
            }
        }
    }
}

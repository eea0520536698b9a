// SPDX-License-Identifier: GPL-2.0-or-later
// Hand-built messages with every payload type: serialize, parse back, same model,
// same bytes; and a few encodings checked octet by octet against RFC 7296's layouts.
#include "ike/wire/codec.hpp"
#include "ike/wire/signature_auth.hpp"

#include <catch2/catch.hpp>

using namespace ipsec::ike::wire;

namespace {

Bytes bytes(std::initializer_list<int> list) {
    Bytes out;
    for (int v : list)
        out.push_back(static_cast<std::uint8_t>(v));
    return out;
}

Bytes filled(std::size_t n, std::uint8_t start) {
    Bytes out(n);
    for (std::size_t i = 0; i < n; ++i)
        out[i] = static_cast<std::uint8_t>(start + i);
    return out;
}

Header header(ExchangeType exchange, std::uint32_t id, bool response) {
    Header h;
    h.spi_i = 0x0102030405060708;
    h.spi_r = response || exchange != ExchangeType::ike_sa_init ? 0x1112131415161718 : 0;
    h.exchange = exchange;
    h.initiator = !response;
    h.response = response;
    h.message_id = id;
    return h;
}

Message round_trip(const Message& m) {
    Bytes wire = serialize(m);
    auto back = parse(wire);
    INFO((back ? std::string() : back.error().message));
    REQUIRE(back.ok());
    Message expected = m;
    expected.header.length = static_cast<std::uint32_t>(wire.size());
    expected.header.next_payload =
        m.payloads.empty() ? PayloadType::none
                           : static_cast<PayloadType>(payload_type_number(m.payloads[0]));
    CHECK(*back == expected);
    CHECK(serialize(*back) == wire);
    return *back;
}

SaPayload ike_proposals() {
    SaPayload sa;
    Proposal p1;
    p1.number = 1;
    p1.protocol = ProtocolId::ike;
    p1.transforms = {
        {TransformType::encr, 12, {TransformAttribute::key_length(256)}},
        {TransformType::prf, 5, {}},
        {TransformType::integ, 12, {}},
        {TransformType::dh, 31, {}},
        {TransformType::dh, 19, {}},
    };
    Proposal p2;
    p2.number = 2;
    p2.protocol = ProtocolId::ike;
    p2.transforms = {
        {TransformType::encr, 20, {TransformAttribute::key_length(128)}},
        {TransformType::prf, 6, {}},
        // A TLV attribute (no such attribute is registered; the format must still work).
        {TransformType::dh, 14, {TransformAttribute{0x1234, false, 0, bytes({1, 2, 3})}}},
    };
    sa.proposals = {p1, p2};
    return sa;
}

} // namespace

TEST_CASE("IKE_SA_INIT with SA, KE, Nonce, Notify, Vendor ID, CERTREQ and an unknown payload") {
    Message m;
    m.header = header(ExchangeType::ike_sa_init, 0, false);
    m.payloads = {
        ike_proposals(),
        KePayload{31, filled(32, 0x40)},
        NoncePayload{filled(32, 0x80)},
        NotifyPayload{ProtocolId::none, {}, NotifyType::nat_detection_source_ip, filled(20, 1)},
        NotifyPayload{
            ProtocolId::none, {}, NotifyType::nat_detection_destination_ip, filled(20, 2)},
        NotifyPayload{ProtocolId::none, {}, NotifyType::ikev2_fragmentation_supported, {}},
        NotifyPayload{ProtocolId::none,
                      {},
                      NotifyType::signature_hash_algorithms,
                      serialize_hash_algorithms({HashAlgorithm::sha2_256, HashAlgorithm::sha2_384,
                                                 HashAlgorithm::identity})},
        VendorIdPayload{bytes({0x88, 0x2f, 0xe5, 0x6d})},
        CertreqPayload{CertEncoding::x509_signature, filled(40, 0x10)},
        UnknownPayload{99, false, bytes({9, 8, 7, 6, 5})},
    };
    Message back = round_trip(m);
    CHECK(back.summary() == "IKE_SA_INIT request 0 [ SA KE No N(NAT_DETECTION_SOURCE_IP) "
                            "N(NAT_DETECTION_DESTINATION_IP) N(IKEV2_FRAGMENTATION_SUPPORTED) "
                            "N(SIGNATURE_HASH_ALGORITHMS) V CERTREQ UNKNOWN(99) ]");
    auto algs = parse_hash_algorithms(std::get<NotifyPayload>(back.payloads[6]).data);
    REQUIRE(algs.ok());
    CHECK(algs->size() == 3);
    CHECK(hash_algorithm_name((*algs)[2]) == "IDENTITY");
}

TEST_CASE("responses with COOKIE and INVALID_KE_PAYLOAD notifies") {
    Message m;
    m.header = header(ExchangeType::ike_sa_init, 0, true);
    m.header.spi_r = 0;
    m.payloads = {NotifyPayload{ProtocolId::none, {}, NotifyType::cookie, filled(32, 3)}};
    round_trip(m);
    m.payloads = {
        NotifyPayload{ProtocolId::none, {}, NotifyType::invalid_ke_payload, bytes({0, 19})}};
    round_trip(m);
}

TEST_CASE("IKE_AUTH inner payloads: IDi, CERT, AUTH, IDr, SA, TSi, TSr, CP, notifies, EAP") {
    Proposal esp;
    esp.number = 1;
    esp.protocol = ProtocolId::esp;
    esp.spi = bytes({0xc3, 0xd4, 0x3d, 0x8e});
    esp.transforms = {{TransformType::encr, 12, {TransformAttribute::key_length(128)}},
                      {TransformType::integ, 12, {}},
                      {TransformType::esn, 0, {}}};
    TrafficSelector v4{TsType::ipv4_addr_range, 0, 0, 65535, bytes({10, 1, 0, 0}),
                       bytes({10, 1, 0, 255})};
    TrafficSelector v6{TsType::ipv6_addr_range, 6, 443, 443, Bytes(16, 0), Bytes(16, 0xff)};
    SignatureAuth sig{bytes({0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01,
                             0x0b, 0x05, 0x00}),
                      filled(64, 0x20)};
    std::vector<Payload> inner = {
        IdiPayload{IdType::fqdn, bytes({'a', 'l', 'i', 'c', 'e'})},
        CertPayload{CertEncoding::x509_signature, filled(100, 0)},
        NotifyPayload{ProtocolId::none, {}, NotifyType::initial_contact, {}},
        IdrPayload{IdType::ipv4_addr, bytes({192, 168, 27, 132})},
        AuthPayload{AuthMethod::digital_signature, serialize_signature_auth(sig)},
        NotifyPayload{ProtocolId::none, {}, NotifyType::use_transport_mode, {}},
        NotifyPayload{ProtocolId::none, {}, NotifyType::esp_tfc_padding_not_supported, {}},
        SaPayload{{esp}},
        TsiPayload{{v4, v6}},
        TsrPayload{{v4}},
        ConfigPayload{CfgType::request,
                      {{static_cast<std::uint16_t>(ConfigAttributeType::internal_ip4_address), {}},
                       {static_cast<std::uint16_t>(ConfigAttributeType::internal_ip4_dns),
                        bytes({8, 8, 8, 8})}}},
        NotifyPayload{ProtocolId::none, {}, NotifyType::mobike_supported, {}},
        EapPayload{bytes({2, 7, 0, 9, 1, 'b', 'o', 'b', '!'})},
    };
    Bytes wire = serialize_payloads(inner);
    auto back = parse_payloads(PayloadType::idi, wire);
    INFO((back ? std::string() : back.error().message));
    REQUIRE(back.ok());
    CHECK(*back == inner);
    CHECK(serialize_payloads(*back) == wire);
    auto sig_back = parse_signature_auth(std::get<AuthPayload>((*back)[4]).data);
    REQUIRE(sig_back.ok());
    CHECK(*sig_back == sig);
}

TEST_CASE("CREATE_CHILD_SA rekey with REKEY_SA, and INFORMATIONAL with Delete payloads") {
    Message m;
    m.header = header(ExchangeType::create_child_sa, 2, false);
    Proposal esp{1, ProtocolId::esp, bytes({1, 2, 3, 4}), {{TransformType::encr, 20, {}}}};
    m.payloads = {
        NotifyPayload{ProtocolId::esp, bytes({0xcd, 0x53, 0x36, 0xa5}), NotifyType::rekey_sa, {}},
        SaPayload{{esp}},
        NoncePayload{filled(16, 0)},
        KePayload{20, filled(96, 1)},
    };
    round_trip(m);

    m.header = header(ExchangeType::informational, 3, false);
    m.payloads = {DeletePayload{ProtocolId::esp, 4, {bytes({1, 2, 3, 4}), bytes({5, 6, 7, 8})}},
                  DeletePayload{ProtocolId::ike, 0, {}}};
    round_trip(m);
    m.payloads = {};
    Message empty = round_trip(m); // a DPD: no payload at all
    CHECK(serialize(empty).size() == 28);
}

TEST_CASE("SK and SKF payloads are kept as raw bodies and end the chain") {
    Message m;
    m.header = header(ExchangeType::ike_auth, 1, false);
    m.payloads = {EncryptedPayload{PayloadType::idi, filled(80, 7)}};
    Message back = round_trip(m);
    CHECK(serialize(back).size() == 28 + 4 + 80);
    m.payloads = {EncryptedFragmentPayload{PayloadType::idi, 1, 3, filled(48, 9)}};
    round_trip(m);
    m.payloads = {EncryptedFragmentPayload{PayloadType::none, 3, 3, filled(48, 9)}};
    round_trip(m);
}

TEST_CASE("header flags, version and reserved bits survive a round trip") {
    Message m;
    m.header = header(ExchangeType::informational, 0xfffffffe, true);
    m.header.version = true;
    m.header.minor_version = 3;
    m.header.reserved_flags = 0x41;
    round_trip(m);
}

TEST_CASE("octet layout of a Delete payload and a Notify with SPI (RFC 7296 3.10, 3.11)") {
    Message m;
    m.header = header(ExchangeType::informational, 5, false);
    m.payloads = {
        NotifyPayload{ProtocolId::esp, bytes({0xaa, 0xbb, 0xcc, 0xdd}), NotifyType::rekey_sa, {}},
        DeletePayload{ProtocolId::esp, 4, {bytes({0x11, 0x22, 0x33, 0x44})}}};
    Bytes expected = bytes({
        1,    2,    3,    4,    5,    6,    7,    8,    // SPIi
        0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, // SPIr
        41,                                             // next payload: Notify
        0x20,                                           // version 2.0
        37,                                             // INFORMATIONAL
        0x08,                                           // I flag
        0,    0,    0,    5,                            // message ID
        0,    0,    0,    52,                           // length
        42,   0,    0,    12,   3,    4,    0x40, 0x09,
        0xaa, 0xbb, 0xcc, 0xdd, // N(REKEY_SA), ESP SPI
        0,    0,    0,    12,   3,    4,    0,    1,
        0x11, 0x22, 0x33, 0x44, // D, ESP, 1 SPI
    });
    CHECK(serialize(m) == expected);
}

TEST_CASE("octet layout of an SA payload (RFC 7296 3.3)") {
    SaPayload sa;
    sa.proposals = {Proposal{1,
                             ProtocolId::ike,
                             {},
                             {{TransformType::encr, 12, {TransformAttribute::key_length(128)}},
                              {TransformType::dh, 31, {}}}}};
    Bytes expected = bytes({
        0, 0, 0, 32,             // generic header: last payload, length 32
        0, 0, 0, 28, 1, 1, 0, 2, // proposal: last, length 28, #1, IKE, SPI 0, 2 transforms
        3, 0, 0, 12, 1, 0, 0, 12, 0x80, 14, 0, 128, // ENCR AES_CBC, Key Length 128 (TV)
        0, 0, 0, 8,  4, 0, 0, 31,                   // KE CURVE_25519, last
    });
    CHECK(serialize_payloads({sa}) == expected);
}

TEST_CASE("serialize_encrypted frames the SK payload around the encryptor's body") {
    // A stand-in cipher: a 4-octet "IV", the plaintext XORed with 0x5a and padded to
    // 8 octets with the pad length last, and an 8-octet "ICV" summing the datagram.
    SkEncryptor enc;
    enc.body_size = [](std::size_t n) {
        return 4 + (n / 8 + 1) * 8 + 8;
    };
    Bytes seen_prefix;
    enc.seal = [&seen_prefix](std::span<std::uint8_t> datagram, std::size_t body_offset,
                              std::span<const std::uint8_t> plain) -> ipsec::Result<void> {
        seen_prefix.assign(datagram.begin(), datagram.begin() + body_offset);
        std::size_t at = body_offset;
        for (int i = 0; i < 4; ++i)
            datagram[at++] = 0xee;
        std::size_t padded = (plain.size() / 8 + 1) * 8;
        for (std::size_t i = 0; i < padded; ++i) {
            std::uint8_t v = i < plain.size() ? plain[i]
                             : i + 1 == padded
                                 ? static_cast<std::uint8_t>(padded - plain.size() - 1)
                                 : 0;
            datagram[at++] = v ^ 0x5a;
        }
        std::uint8_t sum = 0;
        for (std::size_t i = 0; i < at; ++i)
            sum = static_cast<std::uint8_t>(sum + datagram[i]);
        for (int i = 0; i < 8; ++i)
            datagram[at++] = sum;
        if (at != datagram.size())
            return ipsec::Error::plain("body size mismatch");
        return ipsec::success();
    };
    std::vector<Payload> inner = {
        IdiPayload{IdType::ipv4_addr, bytes({192, 168, 27, 128})},
        NotifyPayload{ProtocolId::none, {}, NotifyType::initial_contact, {}}};
    auto wire = serialize_encrypted(header(ExchangeType::ike_auth, 1, false), inner, enc);
    REQUIRE(wire.ok());
    auto m = parse(*wire);
    REQUIRE(m.ok());
    REQUIRE(m->payloads.size() == 1);
    const auto& sk = std::get<EncryptedPayload>(m->payloads[0]);
    CHECK(sk.first_inner == PayloadType::idi);
    CHECK(seen_prefix.size() == 32); // the AEAD associated data: header + SK header
    CHECK(std::equal(seen_prefix.begin(), seen_prefix.end(), wire->begin()));
    // Undo the stand-in cipher and parse the inner chain.
    Bytes plain;
    for (std::size_t i = 4; i + 8 < sk.body.size(); ++i)
        plain.push_back(sk.body[i] ^ 0x5a);
    plain.resize(plain.size() - plain.back() - 1);
    auto back = parse_payloads(sk.first_inner, plain);
    REQUIRE(back.ok());
    CHECK(*back == inner);

    auto frag = serialize_encrypted_fragment(header(ExchangeType::ike_auth, 1, false),
                                             PayloadType::idi, 2, 2, plain, enc);
    REQUIRE(frag.ok());
    auto fm = parse(*frag);
    REQUIRE(fm.ok());
    const auto& skf = std::get<EncryptedFragmentPayload>(fm->payloads[0]);
    CHECK(skf.number == 2);
    CHECK(skf.total == 2);
    CHECK(skf.first_inner == PayloadType::none); // only fragment 1 names it
    CHECK(seen_prefix.size() == 36);
    CHECK_FALSE(serialize_encrypted_fragment(header(ExchangeType::ike_auth, 1, false),
                                             PayloadType::idi, 3, 2, plain, enc)
                    .ok());
}

TEST_CASE("names for logs") {
    CHECK(exchange_type_name(ExchangeType::create_child_sa) == "CREATE_CHILD_SA");
    CHECK(notify_type_name(NotifyType::nat_detection_destination_ip) ==
          "NAT_DETECTION_DESTINATION_IP");
    CHECK(notify_type_name(static_cast<NotifyType>(40000)) == "NOTIFY_40000");
    CHECK(payload_type_name(PayloadType::skf) == "SKF");
    CHECK(transform_id_name(TransformType::prf, 5) == "PRF_HMAC_SHA2_256");
    CHECK(transform_id_name(TransformType::integ, 12) == "HMAC_SHA2_256_128");
    CHECK(transform_id_name(TransformType::dh, 31) == "CURVE_25519");
    CHECK(transform_id_name(TransformType::esn, 0) == "NO_EXT_SEQ");
    CHECK(auth_method_name(AuthMethod::digital_signature) == "DIGITAL_SIGNATURE");
    CHECK(id_type_name(IdType::fqdn) == "ID_FQDN");
    CHECK(ts_type_name(TsType::ipv6_addr_range) == "TS_IPV6_ADDR_RANGE");
    CHECK(cfg_type_name(CfgType::reply) == "CFG_REPLY");
    CHECK(config_attribute_type_name(ConfigAttributeType::internal_ip6_subnet) ==
          "INTERNAL_IP6_SUBNET");
    CHECK(cert_encoding_name(CertEncoding::x509_signature) == "X509_SIGNATURE");
    CHECK(protocol_id_name(ProtocolId::esp) == "ESP");
    CHECK(transform_type_name(TransformType::dh) == "KE");
}

// SPDX-License-Identifier: GPL-2.0-or-later
// The IKEv2 payloads (RFC 7296 section 3.2-3.16, RFC 7383 section 2.5), one struct
// each, and Payload, the variant over them. Fields hold the decoded values; the
// generic payload header (next payload, critical bit, length) and every reserved
// field are the codec's business, except for an Unknown payload, kept raw.
#pragma once

#include "ike/wire/constants.hpp"

#include <cstdint>
#include <variant>
#include <vector>

namespace ipsec::ike::wire {

using Bytes = std::vector<std::uint8_t>;

// RFC 7296 3.3.5. TV format (AF=1) when the value fits 16 bits and the type says so
// (Key Length); TLV (AF=0) carries a variable-length value.
struct TransformAttribute {
    std::uint16_t type = 0; // 15 bits (the AF bit is `tv`)
    bool tv = true;
    std::uint16_t value = 0; // TV format
    Bytes data;              // TLV format

    static TransformAttribute key_length(std::uint16_t bits) {
        return {static_cast<std::uint16_t>(TransformAttributeType::key_length), true, bits, {}};
    }
    bool operator==(const TransformAttribute&) const = default;
};

// RFC 7296 3.3.2.
struct Transform {
    TransformType type = TransformType::encr;
    std::uint16_t id = 0;
    std::vector<TransformAttribute> attributes;
    bool operator==(const Transform&) const = default;
};

// RFC 7296 3.3.1. `number` starts at 1 and counts up in a request's SA payload; a
// response carries the one accepted proposal with the number it had in the request.
struct Proposal {
    std::uint8_t number = 1;
    ProtocolId protocol = ProtocolId::ike;
    Bytes spi; // empty for the first IKE SA, 8 octets when rekeying it, 4 for AH/ESP
    std::vector<Transform> transforms;
    bool operator==(const Proposal&) const = default;
};

struct SaPayload {
    std::vector<Proposal> proposals;
    bool operator==(const SaPayload&) const = default;
};

// RFC 7296 3.4.
struct KePayload {
    std::uint16_t group = 0; // a KE transform ID (TransformType::dh)
    Bytes data;
    bool operator==(const KePayload&) const = default;
};

// RFC 7296 3.5: IDi and IDr share this shape; the template parameter keeps them
// apart in the variant.
template <PayloadType Kind>
struct Identification {
    IdType id_type = IdType::ipv4_addr;
    Bytes data;
    bool operator==(const Identification&) const = default;
};
using IdiPayload = Identification<PayloadType::idi>;
using IdrPayload = Identification<PayloadType::idr>;

// RFC 7296 3.6.
struct CertPayload {
    CertEncoding encoding = CertEncoding::x509_signature;
    Bytes data;
    bool operator==(const CertPayload&) const = default;
};

// RFC 7296 3.7. For X.509 the authority is a list of 20-octet SHA-1 hashes of the
// trusted CAs' public keys, kept here as the concatenation.
struct CertreqPayload {
    CertEncoding encoding = CertEncoding::x509_signature;
    Bytes authority;
    bool operator==(const CertreqPayload&) const = default;
};

// RFC 7296 3.8. With AuthMethod::digital_signature, `data` is the RFC 7427 encoding
// (see signature_auth.hpp).
struct AuthPayload {
    AuthMethod method = AuthMethod::shared_key_mic;
    Bytes data;
    bool operator==(const AuthPayload&) const = default;
};

// RFC 7296 3.9: 16 to 256 octets.
struct NoncePayload {
    Bytes data;
    bool operator==(const NoncePayload&) const = default;
};

// RFC 7296 3.10.
struct NotifyPayload {
    ProtocolId protocol = ProtocolId::none;
    Bytes spi;
    NotifyType type = NotifyType::initial_contact;
    Bytes data;
    bool operator==(const NotifyPayload&) const = default;
};

// RFC 7296 3.11. `spi_size` is kept apart from the SPIs so that a Delete with no
// SPI still says which size it announced (0 for IKE, 4 for AH/ESP).
struct DeletePayload {
    ProtocolId protocol = ProtocolId::ike;
    std::uint8_t spi_size = 0;
    std::vector<Bytes> spis;
    bool operator==(const DeletePayload&) const = default;
};

// RFC 7296 3.12.
struct VendorIdPayload {
    Bytes data;
    bool operator==(const VendorIdPayload&) const = default;
};

// RFC 7296 3.13.1: an address range, 4-octet addresses for TS_IPV4_ADDR_RANGE and
// 16-octet ones for TS_IPV6_ADDR_RANGE.
struct TrafficSelector {
    TsType type = TsType::ipv4_addr_range;
    std::uint8_t ip_protocol = 0; // 0: any
    std::uint16_t start_port = 0;
    std::uint16_t end_port = 65535;
    Bytes start_address;
    Bytes end_address;
    bool operator==(const TrafficSelector&) const = default;
};

// RFC 7296 3.13: TSi and TSr share this shape.
template <PayloadType Kind>
struct TrafficSelectors {
    std::vector<TrafficSelector> selectors;
    bool operator==(const TrafficSelectors&) const = default;
};
using TsiPayload = TrafficSelectors<PayloadType::tsi>;
using TsrPayload = TrafficSelectors<PayloadType::tsr>;

// RFC 7296 3.15.1.
struct ConfigAttribute {
    std::uint16_t type = 0; // 15 bits
    Bytes value;
    bool operator==(const ConfigAttribute&) const = default;
};

// RFC 7296 3.15.
struct ConfigPayload {
    CfgType cfg_type = CfgType::request;
    std::vector<ConfigAttribute> attributes;
    bool operator==(const ConfigPayload&) const = default;
};

// RFC 7296 3.16: the EAP message, opaque here.
struct EapPayload {
    Bytes data;
    bool operator==(const EapPayload&) const = default;
};

// RFC 7296 3.14: the SK payload. Always the last payload of a message; its
// generic header's Next Payload names the first payload inside the encryption.
// `body` is IV || ciphertext (inner payloads, padding, pad length) || ICV, as on the
// wire: the codec neither decrypts nor checks it. It is the last body.size() octets
// of the datagram; the octets before it are the AEAD associated data (RFC 5282).
struct EncryptedPayload {
    PayloadType first_inner = PayloadType::none;
    Bytes body;
    bool operator==(const EncryptedPayload&) const = default;
};

// RFC 7383 2.5: the SKF payload (one fragment of an SK payload's plaintext).
// `first_inner` is only set in fragment 1 (0 in the others).
struct EncryptedFragmentPayload {
    PayloadType first_inner = PayloadType::none;
    std::uint16_t number = 1; // 1..total
    std::uint16_t total = 1;
    Bytes body; // IV || ciphertext || ICV
    bool operator==(const EncryptedFragmentPayload&) const = default;
};

// A payload of a type this codec does not parse, kept as it came so that it
// re-serializes byte for byte. Only non-critical ones parse; `type` must not be a
// known type (serialize() would otherwise write a payload that parses differently).
struct UnknownPayload {
    std::uint8_t type = 0;
    bool critical = false;
    Bytes body; // everything after the 4-octet generic payload header
    bool operator==(const UnknownPayload&) const = default;
};

using Payload =
    std::variant<SaPayload, KePayload, IdiPayload, IdrPayload, CertPayload, CertreqPayload,
                 AuthPayload, NoncePayload, NotifyPayload, DeletePayload, VendorIdPayload,
                 TsiPayload, TsrPayload, EncryptedPayload, ConfigPayload, EapPayload,
                 EncryptedFragmentPayload, UnknownPayload>;

// The payload type number a payload is sent with.
std::uint8_t payload_type_number(const Payload& payload);
PayloadType payload_type(const Payload& payload);

// Short names as strongSwan logs them: "SA", "KE", "No", "N(NATD_S_IP)" is charon's;
// ours is "N(NAT_DETECTION_SOURCE_IP)", "D", "V", "SK", "SKF(2/3)", "UNKNOWN(99)".
std::string payload_summary(const Payload& payload);

} // namespace ipsec::ike::wire

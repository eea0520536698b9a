// SPDX-License-Identifier: GPL-2.0-or-later
// TLS 1.3 protocol constants (RFC 8446 sections 4, 5, 6 and appendix B) and the
// error convention of lib/tls13: an ipsec::Error whose code is the alert to send.
#pragma once

#include "common/result.hpp"

#include <cstdint>
#include <string>

namespace tls13 {

enum class ContentType : uint8_t {
    invalid = 0,
    change_cipher_spec = 20,
    alert = 21,
    handshake = 22,
    application_data = 23,
};

enum class HandshakeType : uint8_t {
    client_hello = 1,
    server_hello = 2,
    new_session_ticket = 4,
    end_of_early_data = 5,
    encrypted_extensions = 8,
    certificate = 11,
    certificate_request = 13,
    certificate_verify = 15,
    finished = 20,
    key_update = 24,
    message_hash = 254,
};

enum class ExtensionType : uint16_t {
    server_name = 0,
    supported_groups = 10,
    signature_algorithms = 13,
    alpn = 16,
    pre_shared_key = 41,
    early_data = 42,
    supported_versions = 43,
    cookie = 44,
    psk_key_exchange_modes = 45,
    certificate_authorities = 47,
    signature_algorithms_cert = 50,
    key_share = 51,
};

// RFC 8446 section 6.
enum class Alert : uint8_t {
    close_notify = 0,
    unexpected_message = 10,
    bad_record_mac = 20,
    record_overflow = 22,
    handshake_failure = 40,
    bad_certificate = 42,
    unsupported_certificate = 43,
    certificate_revoked = 44,
    certificate_expired = 45,
    certificate_unknown = 46,
    illegal_parameter = 47,
    unknown_ca = 48,
    access_denied = 49,
    decode_error = 50,
    decrypt_error = 51,
    protocol_version = 70,
    insufficient_security = 71,
    internal_error = 80,
    inappropriate_fallback = 86,
    user_canceled = 90,
    missing_extension = 109,
    unsupported_extension = 110,
    unrecognized_name = 112,
    unknown_psk_identity = 115,
    certificate_required = 116,
    no_application_protocol = 120,
};

enum class NamedGroup : uint16_t {
    secp256r1 = 0x0017,
    secp384r1 = 0x0018,
    x25519 = 0x001d,
};

enum class SignatureScheme : uint16_t {
    rsa_pkcs1_sha256 = 0x0401,
    rsa_pkcs1_sha384 = 0x0501,
    rsa_pkcs1_sha512 = 0x0601,
    ecdsa_secp256r1_sha256 = 0x0403,
    ecdsa_secp384r1_sha384 = 0x0503,
    ecdsa_secp521r1_sha512 = 0x0603,
    rsa_pss_rsae_sha256 = 0x0804,
    rsa_pss_rsae_sha384 = 0x0805,
    rsa_pss_rsae_sha512 = 0x0806,
    ed25519 = 0x0807,
    ed448 = 0x0808,
    rsa_pss_pss_sha256 = 0x0809,
    rsa_pss_pss_sha384 = 0x080a,
    rsa_pss_pss_sha512 = 0x080b,
};

constexpr uint16_t kTls12 = 0x0303;
constexpr uint16_t kTls13 = 0x0304;
// Record payload limits (RFC 8446 section 5.1, 5.2).
constexpr size_t kMaxPlaintext = 1 << 14;
constexpr size_t kMaxCiphertext = (1 << 14) + 256;
// Largest handshake message accepted (a certificate chain fits easily).
constexpr size_t kMaxHandshakeMessage = 1 << 17;

// "handshake_failure" for Alert::handshake_failure.
std::string alert_name(Alert alert);
std::string group_name(NamedGroup group);
// "ecdsa_secp256r1_sha256"
std::string scheme_name(SignatureScheme scheme);
std::string handshake_name(HandshakeType type);

// An error that ends the connection with alert; the message says what and where.
ipsec::Error tls_error(Alert alert, std::string message);
// The alert an error carries (internal_error when none).
Alert error_alert(const ipsec::Error& error);

} // namespace tls13

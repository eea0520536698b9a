// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls13/protocol.hpp"

namespace tls13 {

std::string alert_name(Alert alert) {
    switch (alert) {
    case Alert::close_notify:
        return "close_notify";
    case Alert::unexpected_message:
        return "unexpected_message";
    case Alert::bad_record_mac:
        return "bad_record_mac";
    case Alert::record_overflow:
        return "record_overflow";
    case Alert::handshake_failure:
        return "handshake_failure";
    case Alert::bad_certificate:
        return "bad_certificate";
    case Alert::unsupported_certificate:
        return "unsupported_certificate";
    case Alert::certificate_revoked:
        return "certificate_revoked";
    case Alert::certificate_expired:
        return "certificate_expired";
    case Alert::certificate_unknown:
        return "certificate_unknown";
    case Alert::illegal_parameter:
        return "illegal_parameter";
    case Alert::unknown_ca:
        return "unknown_ca";
    case Alert::access_denied:
        return "access_denied";
    case Alert::decode_error:
        return "decode_error";
    case Alert::decrypt_error:
        return "decrypt_error";
    case Alert::protocol_version:
        return "protocol_version";
    case Alert::insufficient_security:
        return "insufficient_security";
    case Alert::internal_error:
        return "internal_error";
    case Alert::inappropriate_fallback:
        return "inappropriate_fallback";
    case Alert::user_canceled:
        return "user_canceled";
    case Alert::missing_extension:
        return "missing_extension";
    case Alert::unsupported_extension:
        return "unsupported_extension";
    case Alert::unrecognized_name:
        return "unrecognized_name";
    case Alert::unknown_psk_identity:
        return "unknown_psk_identity";
    case Alert::certificate_required:
        return "certificate_required";
    case Alert::no_application_protocol:
        return "no_application_protocol";
    }
    return "alert " + std::to_string(static_cast<int>(alert));
}

std::string group_name(NamedGroup group) {
    switch (group) {
    case NamedGroup::secp256r1:
        return "secp256r1";
    case NamedGroup::secp384r1:
        return "secp384r1";
    case NamedGroup::x25519:
        return "x25519";
    }
    return "group " + std::to_string(static_cast<int>(group));
}

std::string scheme_name(SignatureScheme scheme) {
    switch (scheme) {
    case SignatureScheme::rsa_pkcs1_sha256:
        return "rsa_pkcs1_sha256";
    case SignatureScheme::rsa_pkcs1_sha384:
        return "rsa_pkcs1_sha384";
    case SignatureScheme::rsa_pkcs1_sha512:
        return "rsa_pkcs1_sha512";
    case SignatureScheme::ecdsa_secp256r1_sha256:
        return "ecdsa_secp256r1_sha256";
    case SignatureScheme::ecdsa_secp384r1_sha384:
        return "ecdsa_secp384r1_sha384";
    case SignatureScheme::ecdsa_secp521r1_sha512:
        return "ecdsa_secp521r1_sha512";
    case SignatureScheme::rsa_pss_rsae_sha256:
        return "rsa_pss_rsae_sha256";
    case SignatureScheme::rsa_pss_rsae_sha384:
        return "rsa_pss_rsae_sha384";
    case SignatureScheme::rsa_pss_rsae_sha512:
        return "rsa_pss_rsae_sha512";
    case SignatureScheme::ed25519:
        return "ed25519";
    case SignatureScheme::ed448:
        return "ed448";
    case SignatureScheme::rsa_pss_pss_sha256:
        return "rsa_pss_pss_sha256";
    case SignatureScheme::rsa_pss_pss_sha384:
        return "rsa_pss_pss_sha384";
    case SignatureScheme::rsa_pss_pss_sha512:
        return "rsa_pss_pss_sha512";
    }
    return "scheme " + std::to_string(static_cast<int>(scheme));
}

std::string handshake_name(HandshakeType type) {
    switch (type) {
    case HandshakeType::client_hello:
        return "ClientHello";
    case HandshakeType::server_hello:
        return "ServerHello";
    case HandshakeType::new_session_ticket:
        return "NewSessionTicket";
    case HandshakeType::end_of_early_data:
        return "EndOfEarlyData";
    case HandshakeType::encrypted_extensions:
        return "EncryptedExtensions";
    case HandshakeType::certificate:
        return "Certificate";
    case HandshakeType::certificate_request:
        return "CertificateRequest";
    case HandshakeType::certificate_verify:
        return "CertificateVerify";
    case HandshakeType::finished:
        return "Finished";
    case HandshakeType::key_update:
        return "KeyUpdate";
    case HandshakeType::message_hash:
        return "message_hash";
    }
    return "handshake type " + std::to_string(static_cast<int>(type));
}

ipsec::Error tls_error(Alert alert, std::string message) {
    ipsec::Error e = ipsec::Error::plain(std::move(message), "alert " + alert_name(alert));
    e.code = static_cast<int>(alert);
    return e;
}

Alert error_alert(const ipsec::Error& error) {
    // close_notify (0) is never an error: code 0 means "no alert chosen".
    return error.code <= 0 || error.code > 255 ? Alert::internal_error
                                               : static_cast<Alert>(error.code);
}

} // namespace tls13

// SPDX-License-Identifier: GPL-2.0-or-later
// EncryptedExtensions, CertificateRequest, Certificate, CertificateVerify,
// Finished, NewSessionTicket, KeyUpdate (RFC 8446 sections 4.3 to 4.6), and
// the reassembly of handshake messages from records.
#include "tls13/messages.hpp"

#include "tls13/codec_support.hpp"

namespace tls13 {

using namespace detail;

ipsec::Result<EncryptedExtensions> parse_encrypted_extensions(ByteView body) {
    return guard<EncryptedExtensions>([&] {
        Reader r(body, "EncryptedExtensions");
        EncryptedExtensions ee;
        ee.extension_types = walk_extensions(r, [&](uint16_t type, Reader& data) {
            switch (static_cast<ExtensionType>(type)) {
            case ExtensionType::server_name:
                ee.server_name_ack = true;
                break;
            case ExtensionType::early_data:
                ee.early_data = true;
                break;
            case ExtensionType::supported_groups:
                ee.groups = read_u16_list(data, 2, "named_group_list", 2);
                break;
            case ExtensionType::alpn: {
                Reader list = data.vec(2, "protocol_name_list", 2, 0xffff);
                Bytes name = list.opaque(1, "protocol_name", 1, 0xff);
                list.expect_end();
                ee.alpn = std::string(name.begin(), name.end());
                break;
            }
            case ExtensionType::key_share:
            case ExtensionType::pre_shared_key:
            case ExtensionType::supported_versions:
            case ExtensionType::cookie:
            case ExtensionType::psk_key_exchange_modes:
            case ExtensionType::signature_algorithms:
            case ExtensionType::signature_algorithms_cert:
            case ExtensionType::certificate_authorities:
                throw ProtocolError(Alert::illegal_parameter,
                                    "extension " + std::to_string(type) +
                                        " does not belong in EncryptedExtensions");
            default:
                // Others (record_size_limit, ...) are checked against what
                // was offered by the engine, which knows.
                return;
            }
            data.expect_end();
        });
        r.expect_end();
        return ee;
    });
}

Bytes serialize(const EncryptedExtensions& ee) {
    Writer w;
    size_t exts = w.open_vec(2);
    if (ee.server_name_ack)
        write_extension(w, ExtensionType::server_name, [](Writer&) {});
    if (ee.alpn)
        write_extension(w, ExtensionType::alpn, [&](Writer& x) {
            size_t list = x.open_vec(2);
            x.opaque(1, as_bytes(*ee.alpn));
            x.close_vec(list, 2);
        });
    if (ee.early_data)
        write_extension(w, ExtensionType::early_data, [](Writer&) {});
    w.close_vec(exts, 2);
    return frame_handshake(HandshakeType::encrypted_extensions, w.out());
}

ipsec::Result<CertificateRequest> parse_certificate_request(ByteView body) {
    return guard<CertificateRequest>([&] {
        Reader r(body, "CertificateRequest");
        CertificateRequest cr;
        cr.context = r.opaque(1, "certificate_request_context", 0, 255);
        walk_extensions(r, [&](uint16_t type, Reader& data) {
            if (type == static_cast<uint16_t>(ExtensionType::signature_algorithms)) {
                cr.signature_schemes = read_u16_list(data, 2, "supported_signature_algorithms", 2);
            } else if (type == static_cast<uint16_t>(ExtensionType::certificate_authorities)) {
                Reader list = data.vec(2, "authorities", 3, 0xffff);
                while (!list.empty())
                    cr.authorities.push_back(list.opaque(2, "DistinguishedName", 1, 0xffff));
            } else {
                return; // others (status_request, oid_filters) are not used
            }
            data.expect_end();
        });
        r.expect_end();
        if (cr.signature_schemes.empty())
            throw ProtocolError(Alert::missing_extension,
                                "CertificateRequest without signature_algorithms");
        return cr;
    });
}

Bytes serialize(const CertificateRequest& cr) {
    Writer w;
    w.opaque(1, cr.context);
    size_t exts = w.open_vec(2);
    write_extension(w, ExtensionType::signature_algorithms,
                    [&](Writer& x) { write_u16_list(x, 2, cr.signature_schemes); });
    if (!cr.authorities.empty())
        write_extension(w, ExtensionType::certificate_authorities, [&](Writer& x) {
            size_t list = x.open_vec(2);
            for (const auto& dn : cr.authorities)
                x.opaque(2, dn);
            x.close_vec(list, 2);
        });
    w.close_vec(exts, 2);
    return frame_handshake(HandshakeType::certificate_request, w.out());
}

ipsec::Result<CertificateMsg> parse_certificate(ByteView body) {
    return guard<CertificateMsg>([&] {
        Reader r(body, "Certificate");
        CertificateMsg msg;
        msg.context = r.opaque(1, "certificate_request_context", 0, 255);
        Reader list = r.vec(3, "certificate_list", 0, 0xffffff);
        while (!list.empty()) {
            msg.certificates.push_back(list.opaque(3, "cert_data", 1, 0xffffff));
            // Per-certificate extensions (OCSP status, SCTs) are not requested.
            list.vec(2, "CertificateEntry extensions", 0, 0xffff);
        }
        r.expect_end();
        return msg;
    });
}

Bytes serialize(const CertificateMsg& msg) {
    Writer w;
    w.opaque(1, msg.context);
    size_t list = w.open_vec(3);
    for (const auto& cert : msg.certificates) {
        w.opaque(3, cert);
        w.u16(0);
    }
    w.close_vec(list, 3);
    return frame_handshake(HandshakeType::certificate, w.out());
}

ipsec::Result<CertificateVerify> parse_certificate_verify(ByteView body) {
    return guard<CertificateVerify>([&] {
        Reader r(body, "CertificateVerify");
        CertificateVerify cv;
        cv.scheme = r.u16();
        cv.signature = r.opaque(2, "signature", 1, 0xffff);
        r.expect_end();
        return cv;
    });
}

Bytes serialize(const CertificateVerify& cv) {
    Writer w;
    w.u16(cv.scheme);
    w.opaque(2, cv.signature);
    return frame_handshake(HandshakeType::certificate_verify, w.out());
}

ipsec::Result<Bytes> parse_finished(ByteView body, size_t hash_len) {
    if (body.size() != hash_len)
        return tls_error(Alert::decode_error, "Finished of " + std::to_string(body.size()) +
                                                  " bytes, expected " + std::to_string(hash_len));
    return Bytes(body.begin(), body.end());
}

Bytes serialize_finished(ByteView verify_data) {
    return frame_handshake(HandshakeType::finished, verify_data);
}

ipsec::Result<NewSessionTicket> parse_new_session_ticket(ByteView body) {
    return guard<NewSessionTicket>([&] {
        Reader r(body, "NewSessionTicket");
        NewSessionTicket t;
        t.lifetime = r.u32();
        if (t.lifetime > 604800)
            throw ProtocolError(Alert::illegal_parameter, "ticket lifetime above 7 days");
        t.age_add = r.u32();
        t.nonce = r.opaque(1, "ticket_nonce", 0, 255);
        t.ticket = r.opaque(2, "ticket", 1, 0xffff);
        walk_extensions(r, [&](uint16_t type, Reader& data) {
            if (type != static_cast<uint16_t>(ExtensionType::early_data))
                return;
            t.max_early_data = data.u32();
            data.expect_end();
        });
        r.expect_end();
        return t;
    });
}

Bytes serialize(const NewSessionTicket& t) {
    Writer w;
    w.u32(t.lifetime);
    w.u32(t.age_add);
    w.opaque(1, t.nonce);
    w.opaque(2, t.ticket);
    size_t exts = w.open_vec(2);
    if (t.max_early_data)
        write_extension(w, ExtensionType::early_data, [&](Writer& x) { x.u32(*t.max_early_data); });
    w.close_vec(exts, 2);
    return frame_handshake(HandshakeType::new_session_ticket, w.out());
}

ipsec::Result<bool> parse_key_update(ByteView body) {
    if (body.size() != 1)
        return tls_error(Alert::decode_error, "KeyUpdate body is not one byte");
    if (body[0] > 1)
        return tls_error(Alert::illegal_parameter,
                         "KeyUpdate request_update " + std::to_string(body[0]));
    return body[0] == 1;
}

Bytes serialize_key_update(bool request_update) {
    const uint8_t b = request_update ? 1 : 0;
    return frame_handshake(HandshakeType::key_update, ByteView(&b, 1));
}

ipsec::Result<std::optional<HandshakeMessage>> HandshakeReader::next() {
    if (m_buffer.size() < 4)
        return std::optional<HandshakeMessage>();
    const size_t len = static_cast<size_t>(m_buffer[1]) << 16 |
                       static_cast<size_t>(m_buffer[2]) << 8 | m_buffer[3];
    if (len > kMaxHandshakeMessage)
        return tls_error(Alert::decode_error, "handshake message of " + std::to_string(len) +
                                                  " bytes exceeds the limit");
    if (m_buffer.size() < 4 + len)
        return std::optional<HandshakeMessage>();
    HandshakeMessage msg{
        static_cast<HandshakeType>(m_buffer[0]),
        Bytes(m_buffer.begin(), m_buffer.begin() + static_cast<std::ptrdiff_t>(4 + len))};
    m_buffer.erase(m_buffer.begin(), m_buffer.begin() + static_cast<std::ptrdiff_t>(4 + len));
    return std::optional<HandshakeMessage>(std::move(msg));
}

} // namespace tls13

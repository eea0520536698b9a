// SPDX-License-Identifier: GPL-2.0-or-later
// ClientHello and ServerHello (RFC 8446 sections 4.1.2, 4.1.3, 4.2).
#include "tls13/codec_support.hpp"
#include "tls13/messages.hpp"

namespace tls13 {

using namespace detail;

namespace {

constexpr uint16_t ext(ExtensionType t) {
    return static_cast<uint16_t>(t);
}

void read_server_name(Reader& data, ClientHello& ch) {
    Reader list = data.vec(2, "server_name_list", 1, 0xffff);
    while (!list.empty()) {
        const uint8_t kind = list.u8();
        Bytes name = list.opaque(2, "host_name", 1, 0xffff);
        if (kind == 0 && !ch.server_name)
            ch.server_name = std::string(name.begin(), name.end());
    }
    data.expect_end();
}

void read_key_shares(Reader& data, std::vector<KeyShareEntry>& out) {
    Reader list = data.vec(2, "client_shares", 0, 0xffff);
    while (!list.empty()) {
        KeyShareEntry e;
        e.group = list.u16();
        e.key = list.opaque(2, "key_exchange", 1, 0xffff);
        for (const auto& prev : out)
            if (prev.group == e.group)
                throw ProtocolError(Alert::illegal_parameter, "two key shares for one group");
        out.push_back(std::move(e));
    }
    data.expect_end();
}

void read_alpn(Reader& data, std::vector<std::string>& out) {
    Reader list = data.vec(2, "protocol_name_list", 2, 0xffff);
    while (!list.empty()) {
        Bytes name = list.opaque(1, "protocol_name", 1, 0xff);
        out.emplace_back(name.begin(), name.end());
    }
    data.expect_end();
}

void read_psk(Reader& data, ClientHello& ch) {
    Reader ids = data.vec(2, "identities", 7, 0xffff);
    while (!ids.empty()) {
        PskIdentity id;
        id.identity = ids.opaque(2, "identity", 1, 0xffff);
        id.obfuscated_age = ids.u32();
        ch.psk_identities.push_back(std::move(id));
    }
    Reader binders = data.vec(2, "binders", 33, 0xffff);
    while (!binders.empty())
        ch.psk_binders.push_back(binders.opaque(1, "binder", 32, 255));
    data.expect_end();
    if (ch.psk_binders.size() != ch.psk_identities.size())
        throw ProtocolError(Alert::illegal_parameter,
                            "pre_shared_key: binders do not match identities");
}

void client_extension(uint16_t type, Reader& data, ClientHello& ch) {
    switch (static_cast<ExtensionType>(type)) {
    case ExtensionType::server_name:
        read_server_name(data, ch);
        return;
    case ExtensionType::supported_versions:
        ch.supported_versions = read_u16_list(data, 1, "supported_versions", 2);
        break;
    case ExtensionType::supported_groups:
        ch.groups = read_u16_list(data, 2, "named_group_list", 2);
        break;
    case ExtensionType::signature_algorithms:
        ch.signature_schemes = read_u16_list(data, 2, "supported_signature_algorithms", 2);
        break;
    case ExtensionType::key_share:
        ch.has_key_share = true;
        read_key_shares(data, ch.key_shares);
        return;
    case ExtensionType::alpn:
        read_alpn(data, ch.alpn);
        return;
    case ExtensionType::psk_key_exchange_modes: {
        Bytes modes = data.opaque(1, "ke_modes", 1, 0xff);
        ch.psk_modes.assign(modes.begin(), modes.end());
        break;
    }
    case ExtensionType::cookie:
        ch.cookie = data.opaque(2, "cookie", 1, 0xffff);
        break;
    case ExtensionType::early_data:
        ch.early_data = true;
        break;
    case ExtensionType::pre_shared_key:
        read_psk(data, ch);
        return;
    default:
        return; // unknown extensions are ignored (RFC 8446 section 4.2)
    }
    data.expect_end();
}

} // namespace

const Bytes& hello_retry_random() {
    static const Bytes r =
        from_hex("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");
    return r;
}

Bytes frame_handshake(HandshakeType type, ByteView body) {
    Writer w;
    w.u8(static_cast<uint8_t>(type));
    w.opaque(3, body);
    return w.take();
}

ipsec::Result<ClientHello> parse_client_hello(ByteView body) {
    return guard<ClientHello>([&] {
        Reader r(body, "ClientHello");
        ClientHello ch;
        const uint16_t legacy_version = r.u16();
        if (legacy_version < kTls12)
            throw ProtocolError(Alert::protocol_version,
                                "ClientHello legacy_version below TLS 1.2");
        auto random = r.take(32);
        ch.random.assign(random.begin(), random.end());
        ch.session_id = r.opaque(1, "legacy_session_id", 0, 32);
        ch.cipher_suites = read_u16_list(r, 2, "cipher_suites", 2);
        Bytes compression = r.opaque(1, "legacy_compression_methods", 1, 0xff);
        if (compression.size() != 1 || compression[0] != 0)
            throw ProtocolError(Alert::illegal_parameter, "ClientHello offers compression");
        if (r.empty())
            return ch; // a TLS 1.2-style hello without extensions
        ch.extension_types = walk_extensions(
            r, [&](uint16_t type, Reader& data) { client_extension(type, data, ch); });
        r.expect_end();
        auto psk = std::find(ch.extension_types.begin(), ch.extension_types.end(),
                             ext(ExtensionType::pre_shared_key));
        if (psk != ch.extension_types.end() && psk + 1 != ch.extension_types.end())
            throw ProtocolError(Alert::illegal_parameter,
                                "pre_shared_key is not the last extension");
        return ch;
    });
}

Bytes serialize(const ClientHello& ch) {
    Writer w;
    w.u16(kTls12);
    w.bytes(ch.random);
    w.opaque(1, ch.session_id);
    write_u16_list(w, 2, ch.cipher_suites);
    w.u8(1);
    w.u8(0);
    size_t exts = w.open_vec(2);
    if (ch.server_name)
        write_extension(w, ExtensionType::server_name, [&](Writer& x) {
            size_t list = x.open_vec(2);
            x.u8(0);
            x.opaque(2, as_bytes(*ch.server_name));
            x.close_vec(list, 2);
        });
    if (!ch.groups.empty())
        write_extension(w, ExtensionType::supported_groups,
                        [&](Writer& x) { write_u16_list(x, 2, ch.groups); });
    if (!ch.signature_schemes.empty())
        write_extension(w, ExtensionType::signature_algorithms,
                        [&](Writer& x) { write_u16_list(x, 2, ch.signature_schemes); });
    if (!ch.alpn.empty())
        write_extension(w, ExtensionType::alpn, [&](Writer& x) {
            size_t list = x.open_vec(2);
            for (const auto& p : ch.alpn)
                x.opaque(1, as_bytes(p));
            x.close_vec(list, 2);
        });
    if (ch.has_key_share)
        write_extension(w, ExtensionType::key_share, [&](Writer& x) {
            size_t list = x.open_vec(2);
            for (const auto& e : ch.key_shares) {
                x.u16(e.group);
                x.opaque(2, e.key);
            }
            x.close_vec(list, 2);
        });
    if (!ch.supported_versions.empty())
        write_extension(w, ExtensionType::supported_versions,
                        [&](Writer& x) { write_u16_list(x, 1, ch.supported_versions); });
    if (!ch.psk_modes.empty())
        write_extension(w, ExtensionType::psk_key_exchange_modes,
                        [&](Writer& x) { x.opaque(1, ch.psk_modes); });
    if (ch.cookie)
        write_extension(w, ExtensionType::cookie, [&](Writer& x) { x.opaque(2, *ch.cookie); });
    if (ch.early_data)
        write_extension(w, ExtensionType::early_data, [](Writer&) {});
    if (!ch.psk_identities.empty())
        write_extension(w, ExtensionType::pre_shared_key, [&](Writer& x) {
            size_t ids = x.open_vec(2);
            for (const auto& id : ch.psk_identities) {
                x.opaque(2, id.identity);
                x.u32(id.obfuscated_age);
            }
            x.close_vec(ids, 2);
            size_t binders = x.open_vec(2);
            for (const auto& b : ch.psk_binders)
                x.opaque(1, b);
            x.close_vec(binders, 2);
        });
    w.close_vec(exts, 2);
    return frame_handshake(HandshakeType::client_hello, w.out());
}

size_t binders_size(const ClientHello& ch) {
    if (ch.psk_identities.empty())
        return 0;
    size_t n = 2;
    for (const auto& b : ch.psk_binders)
        n += 1 + b.size();
    return n;
}

namespace {

void server_extension(uint16_t type, Reader& data, ServerHello& sh, bool hrr) {
    switch (static_cast<ExtensionType>(type)) {
    case ExtensionType::supported_versions:
        sh.selected_version = data.u16();
        break;
    case ExtensionType::key_share:
        if (hrr) {
            sh.hrr_group = data.u16();
        } else {
            KeyShareEntry e;
            e.group = data.u16();
            e.key = data.opaque(2, "key_exchange", 1, 0xffff);
            sh.key_share = std::move(e);
        }
        break;
    case ExtensionType::cookie:
        if (!hrr)
            throw ProtocolError(Alert::illegal_parameter, "cookie in a ServerHello");
        sh.cookie = data.opaque(2, "cookie", 1, 0xffff);
        break;
    case ExtensionType::pre_shared_key:
        if (hrr)
            throw ProtocolError(Alert::illegal_parameter, "pre_shared_key in a HelloRetryRequest");
        sh.psk_identity = data.u16();
        break;
    default:
        // A TLS 1.2 ServerHello carries its own extensions; the engine rejects
        // unsolicited ones once it knows the version.
        return;
    }
    data.expect_end();
}

} // namespace

ipsec::Result<ServerHello> parse_server_hello(ByteView body) {
    return guard<ServerHello>([&] {
        Reader r(body, "ServerHello");
        ServerHello sh;
        const uint16_t legacy_version = r.u16();
        auto random = r.take(32);
        sh.random.assign(random.begin(), random.end());
        sh.session_id = r.opaque(1, "legacy_session_id_echo", 0, 32);
        sh.cipher_suite = r.u16();
        if (r.u8() != 0)
            throw ProtocolError(Alert::illegal_parameter, "ServerHello selects compression");
        if (!r.empty()) {
            const bool hrr = sh.is_hello_retry();
            sh.extension_types = walk_extensions(
                r, [&](uint16_t type, Reader& data) { server_extension(type, data, sh, hrr); });
        }
        r.expect_end();
        if (sh.selected_version != 0 && legacy_version != kTls12)
            throw ProtocolError(Alert::illegal_parameter,
                                "ServerHello legacy_version is not 0x0303");
        return sh;
    });
}

Bytes serialize(const ServerHello& sh) {
    Writer w;
    w.u16(kTls12);
    w.bytes(sh.random);
    w.opaque(1, sh.session_id);
    w.u16(sh.cipher_suite);
    w.u8(0);
    size_t exts = w.open_vec(2);
    if (sh.psk_identity)
        write_extension(w, ExtensionType::pre_shared_key,
                        [&](Writer& x) { x.u16(*sh.psk_identity); });
    if (sh.key_share)
        write_extension(w, ExtensionType::key_share, [&](Writer& x) {
            x.u16(sh.key_share->group);
            x.opaque(2, sh.key_share->key);
        });
    if (sh.hrr_group)
        write_extension(w, ExtensionType::key_share, [&](Writer& x) { x.u16(*sh.hrr_group); });
    if (sh.cookie)
        write_extension(w, ExtensionType::cookie, [&](Writer& x) { x.opaque(2, *sh.cookie); });
    if (sh.selected_version)
        write_extension(w, ExtensionType::supported_versions,
                        [&](Writer& x) { x.u16(sh.selected_version); });
    w.close_vec(exts, 2);
    return frame_handshake(HandshakeType::server_hello, w.out());
}

} // namespace tls13

// SPDX-License-Identifier: GPL-2.0-or-later
// A resumable TLS 1.3 session (RFC 8446 section 4.6.1): the ticket, the PSK
// derived from it, and what a client needs to offer it again; with a text
// form for files (tlsctl -sess_out / -sess_in).
#pragma once

#include "common/result.hpp"
#include "tls13/wire.hpp"

#include <chrono>
#include <string>

namespace tls13 {

struct Session {
    uint16_t cipher_suite = 0;
    Bytes psk;
    Bytes ticket;
    uint32_t lifetime = 0; // seconds
    uint32_t age_add = 0;
    uint32_t max_early_data = 0;
    int64_t received_ms = 0; // when the ticket arrived, ms since the epoch
    std::string server_name;
    std::string alpn;
    Bytes peer_certificate; // the server's leaf (DER), to report on resumption

    // "-----BEGIN TLSCTL TLS1.3 SESSION-----" and base64 of the fields.
    std::string encode() const;
    static ipsec::Result<Session> decode(const std::string& text, const std::string& where);
};

} // namespace tls13

// SPDX-License-Identifier: GPL-2.0-or-later
// openssl's session screens: the "SSL-Session:" block, "New, TLSv1.2, Cipher is
// ..." lines and its hex dump format.
#pragma once

#include <botan/tls_session.h>
#include <cstdint>
#include <string>
#include <vector>

namespace tlsctl {

// "TLSv1.2"
std::string protocol_name(const Botan::TLS::Protocol_Version& version);
// openssl's name of the session's suite (Botan's name when openssl has none).
std::string session_cipher(const Botan::TLS::Session& session);
// "New, TLSv1.2, Cipher is X" / "Reused, ..."
std::string new_or_reused_line(const Botan::TLS::Session& session, bool reused);
// "    0000 - dc 83 e1 f5 c9 40 8e 46-ca 91 01 eb 17 62 34 3a   .....@.F.....b4:"
std::string openssl_hexdump(const std::vector<uint8_t>& data, const std::string& indent);
// The "SSL-Session:" block; verify_code/verify_text for "Verify return code".
std::string ssl_session_block(const Botan::TLS::Session& session, uint32_t ticket_lifetime,
                              int verify_code, const std::string& verify_text);

} // namespace tlsctl

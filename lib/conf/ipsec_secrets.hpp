// SPDX-License-Identifier: GPL-2.0-or-later
// IpsecSecrets: ipsec.secrets parsed, and the lookup of the secret for a pair of IKE
// identities.
//
// Each line is `[SELECTOR ...] : TYPE ARGS`, the colon surrounded by white space (or at
// the start of the line); `include PATTERN` lines pull in other files (globs, relative
// to the including file). `#` at the start of a line or after white space starts a
// comment. Unlike strongSwan, which stops reading at a malformed line, any malformed
// line is an error naming its file:line:column; no error message quotes a secret.
//
// Files are read with FileReader::read_secret: on disk a secrets file that group or
// others may access, or that another user owns, is refused (strongSwan only warns).
// Secrets are kept in SecretBytes (wiped when freed) and the text of each file is
// wiped once parsed.
#pragma once

#include "common/result.hpp"
#include "conf/diagnostic.hpp"
#include "conf/file_reader.hpp"
#include "conf/secret_encoding.hpp"
#include "conf/source_position.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ipsec::conf {

enum class SecretType {
    psk,   // pre-shared key
    eap,   // EAP credentials (kept; iked has no EAP yet)
    ntlm,  // NTLM credentials (kept)
    xauth, // XAUTH credentials (kept; IKEv1)
    rsa,   // RSA private key file
    ecdsa, // ECDSA private key file
    p12,   // PKCS#12 container file
    pin,   // smartcard PIN (kept; not supported by iked)
};

// "PSK", "RSA", ...
const char* secret_type_name(SecretType type);

struct SecretEntry {
    SecretType type = SecretType::psk;
    std::vector<std::string> selectors; // identities as written, quotes removed
    // psk, eap, ntlm, xauth: the secret, decoded from "..."/0x/0s.
    SecretBytes secret;
    // rsa, ecdsa, p12: the file (absolute, or relative to /etc/ipsec.d/private);
    // pin: the %smartcard... key selector.
    std::string file;
    // rsa, ecdsa, p12, pin: the passphrase or PIN, if given; prompt for %prompt.
    std::optional<SecretBytes> passphrase;
    bool prompt = false;
    SourcePosition position; // of the type word

    // A copy as text, for consumers that take a string (the caller owns the copy).
    std::string secret_text() const { return std::string(secret.begin(), secret.end()); }
};

struct IpsecSecrets {
    std::vector<SecretEntry> entries; // in file order, includes expanded in place
    std::vector<Diagnostic> warnings; // includes matching nothing, PIN entries

    // The entry of `type` that best matches the local and remote identities
    // (strongSwan's rules: every selector is matched against both identities, the
    // best match for each is added up, %any counts 1, a leading-'*' wildcard 19, an
    // exact match 20; an entry without selectors counts as %any for both; an entry
    // matching neither identity is out; the first of equal scores wins). nullptr if
    // none matches.
    const SecretEntry* find_shared(SecretType type, std::string_view local_id,
                                   std::string_view remote_id) const;

    // The best PSK for the pair, as find_shared(SecretType::psk, ...).
    const SecretEntry* find_psk(std::string_view local_id, std::string_view remote_id) const {
        return find_shared(SecretType::psk, local_id, remote_id);
    }
};

struct SecretsOptions {
    bool strict = false; // PIN entries are errors instead of warnings
    int max_include_depth = 10;
};

Result<IpsecSecrets> parse_ipsec_secrets(FileReader& reader, const std::string& path,
                                         const SecretsOptions& options = {});

} // namespace ipsec::conf

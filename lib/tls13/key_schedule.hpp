// SPDX-License-Identifier: GPL-2.0-or-later
// The TLS 1.3 key schedule (RFC 8446 section 7): HKDF-Extract, HKDF-Expand-Label,
// Derive-Secret, the early/handshake/master secrets, the traffic secrets, the
// Finished keys, traffic key and IV derivation, the next-generation application
// secret of KeyUpdate and the resumption PSK of a ticket.
#pragma once

#include "tls13/cipher_suite.hpp"
#include "tls13/wire.hpp"

#include <string>

namespace tls13 {

Bytes hkdf_extract(const std::string& hash, ByteView salt, ByteView ikm);
// HKDF-Expand-Label(Secret, Label, Context, Length) with the "tls13 " prefix.
Bytes hkdf_expand_label(const std::string& hash, ByteView secret, const std::string& label,
                        ByteView context, size_t length);
// Derive-Secret(Secret, Label, Messages), given Transcript-Hash(Messages).
Bytes derive_secret(const std::string& hash, ByteView secret, const std::string& label,
                    ByteView transcript_hash);
Bytes hash_of(const std::string& hash, ByteView data);
Bytes hmac(const std::string& hash, ByteView key, ByteView data);

struct TrafficKeys {
    Bytes key;
    Bytes iv;
};

class KeySchedule {
public:
    explicit KeySchedule(const CipherSuite& suite);

    const CipherSuite& suite() const { return m_suite; }
    // Early Secret = HKDF-Extract(0, PSK or zeros).
    void start(ByteView psk);
    // Handshake Secret from the (EC)DHE shared secret; then Master Secret.
    void add_shared_secret(ByteView shared);
    void derive_master();

    // The secrets of each stage, given the transcript hash they cover.
    Bytes binder_key(bool resumption) const;
    Bytes client_early_traffic_secret(ByteView th) const;
    Bytes client_handshake_traffic_secret(ByteView th) const;
    Bytes server_handshake_traffic_secret(ByteView th) const;
    Bytes client_application_traffic_secret(ByteView th) const;
    Bytes server_application_traffic_secret(ByteView th) const;
    Bytes exporter_master_secret(ByteView th) const;
    Bytes resumption_master_secret(ByteView th) const;

    const Bytes& early_secret() const { return m_early; }
    const Bytes& handshake_secret() const { return m_handshake; }
    const Bytes& master_secret() const { return m_master; }

    // verify_data = HMAC(finished_key, transcript hash) (RFC 8446 section 4.4.4).
    Bytes finished_verify_data(ByteView base_key, ByteView th) const;
    TrafficKeys traffic_keys(ByteView secret) const;
    // application_traffic_secret_N+1 (RFC 8446 section 7.2).
    Bytes next_application_secret(ByteView secret) const;
    // The PSK of a ticket (RFC 8446 section 4.6.1).
    Bytes ticket_psk(ByteView resumption_master, ByteView nonce) const;
    Bytes empty_hash() const { return hash_of(m_suite.hash, {}); }

private:
    CipherSuite m_suite;
    Bytes m_early;
    Bytes m_handshake;
    Bytes m_master;
};

} // namespace tls13

// SPDX-License-Identifier: GPL-2.0-or-later
// Credentials for one tlsctl endpoint: its certificate chain and key (server,
// or client with -cert), the trusted CAs (-CAfile/-CApath), and the session
// ticket key of a server (none with -no_ticket).
#pragma once

#include "common/result.hpp"
#include "flags.hpp"

#include <botan/certstor.h>
#include <botan/credentials_manager.h>
#include <botan/pk_keys.h>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tlsctl {

class LabCredentials final : public Botan::Credentials_Manager {
public:
    LabCredentials() = default;

    // Loads -cert/-key (key defaults to the cert file); checks they belong together.
    ipsec::Result<void> load_identity(const std::string& cert_path, const std::string& key_path,
                                      const std::string& password);
    // Adds -CAfile certificates / a -CApath directory.
    ipsec::Result<void> add_ca_file(const std::string& path);
    ipsec::Result<void> add_ca_dir(const std::string& path);
    // The system CAs (/etc/ssl/certs), as openssl uses without -CAfile/-CApath.
    void add_system_cas();
    // A server offers its trusted CAs (and so asks for client certificates) only
    // when asked to: openssl s_server -CAfile without -verify asks for none.
    void set_offer_client_cas(bool offer) { m_offer_client_cas = offer; }
    // A random ticket key: the server then issues session tickets.
    void enable_session_tickets();

    bool has_identity() const { return m_key != nullptr; }
    const std::vector<Botan::X509_Certificate>& chain() const { return m_chain; }
    std::vector<Botan::Certificate_Store*> trusted() const;

    std::vector<Botan::Certificate_Store*>
    trusted_certificate_authorities(const std::string& type, const std::string& context) override;
    std::vector<Botan::X509_Certificate> cert_chain(const std::vector<std::string>& cert_key_types,
                                                    const std::string& type,
                                                    const std::string& context) override;
    Botan::Private_Key* private_key_for(const Botan::X509_Certificate& cert,
                                        const std::string& type,
                                        const std::string& context) override;
    Botan::SymmetricKey psk(const std::string& type, const std::string& context,
                            const std::string& identity) override;

private:
    std::vector<Botan::X509_Certificate> m_chain;
    std::unique_ptr<Botan::Private_Key> m_key;
    std::vector<std::unique_ptr<Botan::Certificate_Store>> m_stores;
    std::unique_ptr<Botan::Certificate_Store_In_Memory> m_file_store;
    bool m_offer_client_cas = false;
    std::optional<Botan::SymmetricKey> m_ticket_key;
};

// s_client's and s_server's -CAfile and -CApath, where given, into creds.
ipsec::Result<void> add_ca_flags(LabCredentials& creds, const Flags& flags);

} // namespace tlsctl

// SPDX-License-Identifier: GPL-2.0-or-later
#include "lab_credentials.hpp"

#include "key_io.hpp"

#include <botan/certstor_flatfile.h>
#include <botan/pkix_types.h>
#include <botan/system_rng.h>
#include <botan/tls_exceptn.h>
#include <filesystem>

namespace tlsctl {

ipsec::Result<void> LabCredentials::load_identity(const std::string& cert_path,
                                                  const std::string& key_path,
                                                  const std::string& password) {
    auto certs = load_certificates(cert_path);
    if (!certs)
        return certs.error();
    auto key = load_private_key(key_path.empty() ? cert_path : key_path, password);
    if (!key)
        return key.error();
    if (certs->front().subject_public_key_bitstring() != (*key)->public_key_bits())
        return ipsec::Error::plain("the key '" + (key_path.empty() ? cert_path : key_path) +
                                   "' does not belong to the certificate '" + cert_path + "'");
    m_chain = std::move(*certs);
    m_key = std::move(*key);
    return ipsec::success();
}

ipsec::Result<void> LabCredentials::add_ca_file(const std::string& path) {
    auto certs = load_certificates(path);
    if (!certs)
        return certs.error().with_context("-CAfile");
    if (!m_file_store)
        m_file_store = std::make_unique<Botan::Certificate_Store_In_Memory>();
    for (const auto& cert : *certs)
        m_file_store->add_certificate(cert);
    return ipsec::success();
}

ipsec::Result<void> LabCredentials::add_ca_dir(const std::string& path) {
    try {
        m_stores.push_back(std::make_unique<Botan::Certificate_Store_In_Memory>(path));
    } catch (const std::exception& e) {
        return ipsec::Error::plain("-CApath '" + path + "': cannot read it", e.what());
    }
    return ipsec::success();
}

void LabCredentials::add_system_cas() {
    const char* bundle = "/etc/ssl/certs/ca-certificates.crt";
    if (!std::filesystem::exists(bundle))
        return;
    try {
        m_stores.push_back(std::make_unique<Botan::Flatfile_Certificate_Store>(bundle, true));
    } catch (const std::exception&) {
        // an unreadable system bundle only means fewer trusted CAs
    }
}

void LabCredentials::enable_session_tickets() {
    m_ticket_key = Botan::SymmetricKey(Botan::system_rng(), 32);
}

std::vector<Botan::Certificate_Store*> LabCredentials::trusted() const {
    std::vector<Botan::Certificate_Store*> out;
    if (m_file_store)
        out.push_back(m_file_store.get());
    for (const auto& store : m_stores)
        out.push_back(store.get());
    return out;
}

std::vector<Botan::Certificate_Store*>
LabCredentials::trusted_certificate_authorities(const std::string& type,
                                                const std::string& /*context*/) {
    if (type == "tls-server" && !m_offer_client_cas)
        return {};
    return trusted();
}

std::vector<Botan::X509_Certificate>
LabCredentials::cert_chain(const std::vector<std::string>& cert_key_types,
                           const std::string& /*type*/, const std::string& /*context*/) {
    if (!m_key)
        return {};
    for (const std::string& wanted : cert_key_types) {
        if (wanted == m_key->algo_name())
            return m_chain;
    }
    return {};
}

Botan::Private_Key* LabCredentials::private_key_for(const Botan::X509_Certificate& cert,
                                                    const std::string& /*type*/,
                                                    const std::string& /*context*/) {
    if (m_key && !m_chain.empty() && cert == m_chain.front())
        return m_key.get();
    return nullptr;
}

Botan::SymmetricKey LabCredentials::psk(const std::string& type, const std::string& context,
                                        const std::string& identity) {
    if (type == "tls-server" && context == "session-ticket" && m_ticket_key)
        return *m_ticket_key;
    return Botan::Credentials_Manager::psk(type, context, identity);
}

ipsec::Result<void> add_ca_flags(LabCredentials& creds, const Flags& flags) {
    if (flags.has("CAfile")) {
        auto r = creds.add_ca_file(flags.get("CAfile"));
        if (!r)
            return r;
    }
    if (flags.has("CApath"))
        return creds.add_ca_dir(flags.get("CApath"));
    return {};
}

} // namespace tlsctl

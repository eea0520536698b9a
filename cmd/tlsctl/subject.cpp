// SPDX-License-Identifier: GPL-2.0-or-later
#include "subject.hpp"

#include <array>
#include <botan/asn1_obj.h>
#include <botan/pkix_types.h>
#include <botan/x509self.h>

namespace tlsctl {
namespace {

struct AttributeName {
    const char* short_name;
    const char* botan_name;
};

constexpr std::array<AttributeName, 9> kAttributes{{
    {"C", "X520.Country"},
    {"ST", "X520.State"},
    {"L", "X520.Locality"},
    {"O", "X520.Organization"},
    {"OU", "X520.OrganizationalUnit"},
    {"CN", "X520.CommonName"},
    {"emailAddress", "PKCS9.EmailAddress"},
    {"serialNumber", "X520.SerialNumber"},
    {"DC", "X520.DomainComponent"},
}};

} // namespace

ipsec::Result<SubjectFields> parse_subject(const std::string& text) {
    if (text.empty() || text[0] != '/')
        return ipsec::Error::plain("-subj '" + text + "': a subject starts with '/', as in " +
                                   "/C=IT/O=Lab/CN=server.lab");
    std::vector<std::string> parts;
    std::string current;
    for (size_t i = 1; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            current += text[++i];
        } else if (text[i] == '/') {
            parts.push_back(current);
            current.clear();
        } else {
            current += text[i];
        }
    }
    parts.push_back(current);
    SubjectFields fields;
    for (const std::string& part : parts) {
        if (part.empty())
            continue;
        const auto eq = part.find('=');
        if (eq == std::string::npos || eq == 0)
            return ipsec::Error::plain("-subj '" + text + "': field '" + part +
                                       "' is not of the form NAME=VALUE");
        std::string key = part.substr(0, eq);
        std::string value = part.substr(eq + 1);
        bool known = false;
        for (const auto& attr : kAttributes)
            known = known || key == attr.short_name;
        if (key == "commonName")
            key = "CN", known = true;
        if (!known)
            return ipsec::Error::plain("-subj '" + text + "': unknown attribute '" + key +
                                       "' (known: C ST L O OU CN emailAddress serialNumber)");
        if (value.empty())
            continue; // openssl skips empty values too
        if (key == "C" && value.size() != 2)
            return ipsec::Error::plain("-subj '" + text + "': C='" + value +
                                       "' must be a two-letter country code");
        fields.emplace_back(key, value);
    }
    if (fields.empty())
        return ipsec::Error::plain("-subj '" + text + "': no attribute given");
    return fields;
}

void apply_subject(const SubjectFields& fields, Botan::X509_Cert_Options& opts) {
    for (const auto& [key, value] : fields) {
        if (key == "CN")
            opts.common_name = value;
        else if (key == "C")
            opts.country = value;
        else if (key == "ST")
            opts.state = value;
        else if (key == "L")
            opts.locality = value;
        else if (key == "O")
            opts.organization = value;
        else if (key == "OU") {
            if (opts.org_unit.empty())
                opts.org_unit = value;
            else
                opts.more_org_units.push_back(value);
        } else if (key == "emailAddress")
            opts.email = value;
        else if (key == "serialNumber")
            opts.serial_number = value;
    }
}

std::string dn_short_name(const std::string& botan_name) {
    for (const auto& attr : kAttributes) {
        if (botan_name == attr.botan_name)
            return attr.short_name;
    }
    return botan_name;
}

std::string format_dn_oneline(const Botan::X509_DN& dn) {
    std::string out;
    for (const auto& [oid, value] : dn.dn_info()) {
        if (!out.empty())
            out += ", ";
        out += dn_short_name(oid.to_formatted_string()) + " = " + value.value();
    }
    return out;
}

std::string format_dn_slashes(const Botan::X509_DN& dn) {
    std::string out;
    for (const auto& [oid, value] : dn.dn_info())
        out += "/" + dn_short_name(oid.to_formatted_string()) + "=" + value.value();
    return out;
}

std::string dn_field(const Botan::X509_DN& dn, const std::string& short_name) {
    for (const auto& [oid, value] : dn.dn_info()) {
        if (dn_short_name(oid.to_formatted_string()) == short_name)
            return value.value();
    }
    return "";
}

} // namespace tlsctl

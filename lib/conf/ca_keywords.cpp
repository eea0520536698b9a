// SPDX-License-Identifier: GPL-2.0-or-later
#include "conf/ca_keywords.hpp"

#include "conf/choice.hpp"

#include <array>
#include <string>

namespace ipsec::conf {

namespace {

constexpr std::array<Choice<bool>, 2> auto_choices{{{"ignore", false, {}}, {"add", true, {}}}};

using CaApply = ApplyResult (*)(CaSection&, std::string_view);

struct CaKeyword {
    std::string_view name;
    KeywordInfo info;
    CaApply apply = nullptr;
};

constexpr KeywordInfo typed{KeywordSupport::typed, {}};

// The URIs are kept in slot order: crluri/crluri1 first, crluri2 second.
void set_slot(std::vector<std::string>& uris, std::size_t slot, std::string_view value) {
    if (uris.size() <= slot)
        uris.resize(slot + 1);
    uris[slot] = std::string(value);
}

const std::array<CaKeyword, 12> ca_keywords{{
    {"also", typed, nullptr},
    {"auto", typed,
     [](CaSection& c, std::string_view v) {
         return choose(v, auto_choices, c.add);
     }},
    {"cacert", typed,
     [](CaSection& c, std::string_view v) -> ApplyResult {
         c.cacert = std::string(v);
         return std::nullopt;
     }},
    {"crluri", typed,
     [](CaSection& c, std::string_view v) -> ApplyResult {
         set_slot(c.crl_uris, 0, v);
         return std::nullopt;
     }},
    {"crluri1", typed,
     [](CaSection& c, std::string_view v) -> ApplyResult {
         set_slot(c.crl_uris, 0, v);
         return std::nullopt;
     }},
    {"crluri2", typed,
     [](CaSection& c, std::string_view v) -> ApplyResult {
         set_slot(c.crl_uris, 1, v);
         return std::nullopt;
     }},
    {"ocspuri", typed,
     [](CaSection& c, std::string_view v) -> ApplyResult {
         set_slot(c.ocsp_uris, 0, v);
         return std::nullopt;
     }},
    {"ocspuri1", typed,
     [](CaSection& c, std::string_view v) -> ApplyResult {
         set_slot(c.ocsp_uris, 0, v);
         return std::nullopt;
     }},
    {"ocspuri2", typed,
     [](CaSection& c, std::string_view v) -> ApplyResult {
         set_slot(c.ocsp_uris, 1, v);
         return std::nullopt;
     }},
    {"certuribase", typed,
     [](CaSection& c, std::string_view v) -> ApplyResult {
         c.certuribase = std::string(v);
         return std::nullopt;
     }},
    {"ldaphost", {KeywordSupport::obsolete, "LDAP lookups were removed in strongSwan 5"}, nullptr},
    {"ldapbase", {KeywordSupport::obsolete, "LDAP lookups were removed in strongSwan 5"}, nullptr},
}};

} // namespace

std::optional<KeywordInfo> classify_ca_keyword(std::string_view key) {
    for (const auto& keyword : ca_keywords)
        if (keyword.name == key)
            return keyword.info;
    return std::nullopt;
}

ApplyResult apply_ca_keyword(CaSection& ca, std::string_view key, std::string_view value) {
    for (const auto& keyword : ca_keywords)
        if (keyword.name == key && keyword.apply != nullptr)
            return keyword.apply(ca, value);
    return std::nullopt;
}

} // namespace ipsec::conf

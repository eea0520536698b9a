// SPDX-License-Identifier: GPL-2.0-or-later
#include "conf/identity_match.hpp"

#include "conf/value_parsers.hpp"

#include <array>
#include <cctype>
#include <string>

namespace ipsec::conf {

namespace {

constexpr std::array<std::string_view, 6> any_selectors{"%any", "%any6", "0.0.0.0", "::", "*", ""};

bool is_any(std::string_view text) {
    for (auto any : any_selectors)
        if (text == any)
            return true;
    return false;
}

// The comparable form of an identity: canonical IP text, or the name without a
// leading single '@', lower-cased unless it is a distinguished name.
std::string normal_form(std::string_view id) {
    if (auto address = canonical_address(id))
        return *address;
    if (id.size() > 1 && id[0] == '@' && id[1] != '@' && id[1] != '#')
        id.remove_prefix(1);
    std::string text(id);
    if (text.find('=') == std::string::npos)
        for (char& c : text)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

} // namespace

IdMatch match_identity(std::string_view selector, std::string_view id) {
    if (is_any(selector))
        return IdMatch::any;
    if (is_any(id))
        return IdMatch::none;
    const std::string want = normal_form(selector);
    const std::string have = normal_form(id);
    if (want == have)
        return IdMatch::perfect;
    if (want.size() > 1 && want[0] == '*') {
        const std::string_view suffix = std::string_view(want).substr(1);
        if (have.size() >= suffix.size() && std::string_view(have).ends_with(suffix))
            return IdMatch::one_wildcard;
    }
    return IdMatch::none;
}

} // namespace ipsec::conf

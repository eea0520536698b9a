// SPDX-License-Identifier: GPL-2.0-or-later
// The vocabulary shared by the keyword tables of ipsec.conf's sections.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ipsec::conf {

// In a conn section, a keyword that is `refused` or `unsupported` refuses the
// conn (not the file): iked never loads a conn that says something it would not do.
enum class KeywordSupport {
    typed,       // parsed into the typed model, implemented by iked
    refused,     // parsed and checked, not implemented by iked: refuses the conn
    unsupported, // a strongSwan keyword iked does not parse: refuses the conn
    obsolete,    // a keyword strongSwan 5 itself ignores (pluto, KLIPS, ...): a warning
};

struct KeywordInfo {
    KeywordSupport support = KeywordSupport::typed;
    std::string_view note; // why refused, unsupported or obsolete
};

// What was wrong with a value: either not what the keyword takes (`text` says what it
// expects), or a value strongSwan knows that iked does not support.
struct ValueError {
    std::string text;
    bool unsupported = false;
};

using ApplyResult = std::optional<ValueError>;

} // namespace ipsec::conf

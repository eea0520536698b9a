// SPDX-License-Identifier: GPL-2.0-or-later
// The vocabulary shared by the keyword tables of ipsec.conf's sections.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ipsec::conf {

enum class KeywordSupport {
    typed,       // parsed into the typed model, implemented by iked
    unsupported, // a strongSwan keyword iked does not implement: reported, value ignored
    obsolete,    // a keyword strongSwan 5 itself ignores (pluto, KLIPS, ...): reported
};

struct KeywordInfo {
    KeywordSupport support = KeywordSupport::typed;
    std::string_view note; // why unsupported or obsolete
};

// What was wrong with a value: either not what the keyword takes (`text` says what it
// expects), or a value strongSwan knows that iked does not support.
struct ValueError {
    std::string text;
    bool unsupported = false;
};

using ApplyResult = std::optional<ValueError>;

} // namespace ipsec::conf

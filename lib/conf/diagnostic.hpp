// SPDX-License-Identifier: GPL-2.0-or-later
// Diagnostic: a warning about a configuration file that does not stop the parse
// (an unknown keyword, a keyword iked does not support, an include matching nothing).
#pragma once

#include "conf/source_position.hpp"

#include <string>

namespace ipsec::conf {

struct Diagnostic {
    SourcePosition position;
    std::string message;

    // "file:line:column: message"
    std::string to_string() const { return position.to_string() + ": " + message; }
};

} // namespace ipsec::conf

// SPDX-License-Identifier: GPL-2.0-or-later
// SourcePosition: where a token of a configuration file starts (file, 1-based line and column).
#pragma once

#include <string>

namespace ipsec::conf {

struct SourcePosition {
    std::string file;
    int line = 0;
    int column = 0;

    // "file:line:column"
    std::string to_string() const {
        return file + ":" + std::to_string(line) + ":" + std::to_string(column);
    }
};

} // namespace ipsec::conf

// SPDX-License-Identifier: GPL-2.0-or-later
// Resolving an `include PATTERN` directive of ipsec.conf or ipsec.secrets: a relative
// pattern is taken relative to the directory of the including file, then expanded
// as a shell glob through the FileReader.
#pragma once

#include "conf/file_reader.hpp"

#include <string>
#include <vector>

namespace ipsec::conf {

// The pattern made absolute against the directory holding `including_file`.
std::string include_pattern_path(const std::string& including_file, const std::string& pattern);

// True when `pattern` holds a shell wildcard (* ? or [).
bool has_wildcard(const std::string& pattern);

// The files an include names, sorted; empty when none matches.
Result<std::vector<std::string>>
resolve_include(FileReader& reader, const std::string& including_file, const std::string& pattern);

} // namespace ipsec::conf

// SPDX-License-Identifier: GPL-2.0-or-later
#include "conf/include_resolver.hpp"

namespace ipsec::conf {

std::string include_pattern_path(const std::string& including_file, const std::string& pattern) {
    if (!pattern.empty() && pattern.front() == '/')
        return pattern;
    const auto slash = including_file.rfind('/');
    if (slash == std::string::npos)
        return pattern;
    return including_file.substr(0, slash + 1) + pattern;
}

bool has_wildcard(const std::string& pattern) {
    return pattern.find_first_of("*?[") != std::string::npos;
}

Result<std::vector<std::string>>
resolve_include(FileReader& reader, const std::string& including_file, const std::string& pattern) {
    return reader.glob(include_pattern_path(including_file, pattern));
}

} // namespace ipsec::conf

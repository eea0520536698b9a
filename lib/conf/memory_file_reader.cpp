// SPDX-License-Identifier: GPL-2.0-or-later
#include "conf/memory_file_reader.hpp"

#include <cerrno>
#include <fnmatch.h>

namespace ipsec::conf {

Result<std::string> MemoryFileReader::read(const std::string& path) {
    const auto it = m_files.find(path);
    if (it == m_files.end())
        return Error::os(ENOENT, "cannot open '" + path + "'");
    return it->second;
}

Result<std::vector<std::string>> MemoryFileReader::glob(const std::string& pattern) {
    std::vector<std::string> paths; // m_files is ordered, so the result is sorted
    for (const auto& [path, content] : m_files) {
        if (fnmatch(pattern.c_str(), path.c_str(), FNM_PATHNAME | FNM_PERIOD) == 0)
            paths.push_back(path);
    }
    return paths;
}

} // namespace ipsec::conf

// SPDX-License-Identifier: GPL-2.0-or-later
// MemoryFileReader: FileReader over an in-memory map of path -> content, for
// tests and for callers that already hold the text.
#pragma once

#include "conf/file_reader.hpp"

#include <map>

namespace ipsec::conf {

class MemoryFileReader : public FileReader {
public:
    MemoryFileReader() = default;
    explicit MemoryFileReader(std::map<std::string, std::string> files)
        : m_files(std::move(files)) {}

    void add(const std::string& path, std::string content) { m_files[path] = std::move(content); }

    Result<std::string> read(const std::string& path) override;
    Result<std::vector<std::string>> glob(const std::string& pattern) override;

private:
    std::map<std::string, std::string> m_files;
};

} // namespace ipsec::conf

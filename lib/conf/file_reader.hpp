// SPDX-License-Identifier: GPL-2.0-or-later
// FileReader: how the parsers reach files (for include and the top-level file).
// The parsers do no I/O of their own; the daemon passes a SystemFileReader and the
// tests a MemoryFileReader.
#pragma once

#include "common/result.hpp"

#include <string>
#include <vector>

namespace ipsec::conf {

class FileReader {
public:
    virtual ~FileReader() = default;

    // The whole content of the file at `path`.
    virtual Result<std::string> read(const std::string& path) = 0;

    // The content of a file that holds secrets (ipsec.secrets and its includes).
    // Readers of real files refuse one that others could read or change.
    virtual Result<std::string> read_secret(const std::string& path) { return read(path); }

    // The paths matching the shell pattern `pattern` (an absolute path with
    // wildcards * ? [...]), sorted; an empty list when nothing matches.
    virtual Result<std::vector<std::string>> glob(const std::string& pattern) = 0;
};

} // namespace ipsec::conf

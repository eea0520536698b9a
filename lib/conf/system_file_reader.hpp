// SPDX-License-Identifier: GPL-2.0-or-later
// SystemFileReader: FileReader over the real file system (read(2) and glob(3)).
//
// read_secret() accepts only a regular file owned by root or by the reading
// process's user with no permission bits for group or others (mode 0600 or
// 0400): anything else is refused with an error naming the file, its owner or
// its mode. The checks are made on the file opened, not on the path.
#pragma once

#include "conf/file_reader.hpp"

namespace ipsec::conf {

class SystemFileReader : public FileReader {
public:
    Result<std::string> read(const std::string& path) override;
    Result<std::string> read_secret(const std::string& path) override;
    Result<std::vector<std::string>> glob(const std::string& pattern) override;
};

} // namespace ipsec::conf

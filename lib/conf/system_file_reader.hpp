// SystemFileReader: FileReader over the real file system (read(2) and glob(3)).
#pragma once

#include "conf/file_reader.hpp"

namespace ipsec::conf {

class SystemFileReader : public FileReader {
public:
    Result<std::string> read(const std::string& path) override;
    Result<std::vector<std::string>> glob(const std::string& pattern) override;
};

} // namespace ipsec::conf

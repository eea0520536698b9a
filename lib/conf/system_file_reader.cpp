#include "conf/system_file_reader.hpp"

#include <cerrno>
#include <fstream>
#include <glob.h>
#include <sstream>

namespace ipsec::conf {

Result<std::string> SystemFileReader::read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error::os(errno, "cannot open '" + path + "'");
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad())
        return Error::os(errno, "cannot read '" + path + "'");
    return content.str();
}

Result<std::vector<std::string>> SystemFileReader::glob(const std::string& pattern) {
    glob_t matches{};
    const int rc = ::glob(pattern.c_str(), GLOB_ERR, nullptr, &matches);
    std::vector<std::string> paths;
    if (rc == 0) {
        for (size_t i = 0; i < matches.gl_pathc; ++i)
            paths.emplace_back(matches.gl_pathv[i]);
    }
    globfree(&matches);
    if (rc == GLOB_NOSPACE)
        return Error::plain("out of memory expanding '" + pattern + "'");
    if (rc == GLOB_ABORTED)
        return Error::os(errno, "cannot read the directory of '" + pattern + "'");
    return paths;
}

} // namespace ipsec::conf

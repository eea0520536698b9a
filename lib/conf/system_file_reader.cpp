// SPDX-License-Identifier: GPL-2.0-or-later
#include "conf/system_file_reader.hpp"

#include "conf/secret_encoding.hpp"

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <glob.h>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace ipsec::conf {

namespace {

std::string octal_mode(mode_t mode) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
    return buf;
}

// Why the opened file may not hold secrets, or "" when it may.
std::string secret_file_problem(const std::string& path, const struct stat& st) {
    if (!S_ISREG(st.st_mode))
        return "'" + path + "' is not a regular file";
    if (st.st_uid != 0 && st.st_uid != ::geteuid())
        return "'" + path + "' holds secrets but is owned by uid " + std::to_string(st.st_uid) +
               ", not by root: refusing it (chown root " + path + ")";
    if ((st.st_mode & 077) != 0)
        return "'" + path + "' holds secrets but has mode " + octal_mode(st.st_mode) +
               ", open to group or others: refusing it (chmod 600 " + path + ")";
    return {};
}

} // namespace

Result<std::string> SystemFileReader::read_secret(const std::string& path) {
    // O_NONBLOCK: a FIFO opens at once (and is then refused as not a regular file).
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return Error::os(errno, "cannot open '" + path + "'");
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int e = errno;
        ::close(fd);
        return Error::os(e, "cannot read '" + path + "'");
    }
    if (auto problem = secret_file_problem(path, st); !problem.empty()) {
        ::close(fd);
        return Error::plain(problem);
    }
    // Read in place into one buffer sized from the file: no intermediate
    // copies of the secrets (the caller wipes the string).
    std::string content(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t used = 0;
    while (used < content.size()) {
        const ssize_t n = ::read(fd, content.data() + used, content.size() - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            const int e = errno;
            ::close(fd);
            wipe_string(content);
            return Error::os(e, "cannot read '" + path + "'");
        }
        if (n == 0)
            break;
        used += static_cast<std::size_t>(n);
    }
    ::close(fd);
    content.resize(used); // a file that shrank meanwhile
    return content;
}

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

// SPDX-License-Identifier: GPL-2.0-or-later
#include "pid_file.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace iked {

using ipsec::Error;

namespace {

ipsec::Result<void> write_all(int fd, const std::string& text, const std::string& path) {
    std::size_t off = 0;
    while (off < text.size()) {
        const ssize_t n = ::write(fd, text.data() + off, text.size() - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return Error::os(n < 0 ? errno : EIO, "cannot write the pid file " + path);
        off += static_cast<std::size_t>(n);
    }
    return ipsec::success();
}

} // namespace

ipsec::Result<void> write_pid_file(const std::string& path, pid_t pid) {
    // O_NOFOLLOW: a symbolic link at the path fails with ELOOP instead of
    // letting whoever planted it choose the file root writes to. O_NONBLOCK:
    // a FIFO without a reader fails at once instead of blocking the daemon.
    const int fd = ::open(
        path.c_str(), O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0644);
    if (fd < 0) {
        if (errno == ELOOP)
            return Error::plain("the pid file " + path +
                                " is a symbolic link: refusing to follow it");
        return Error::os(errno, "cannot create the pid file " + path);
    }
    struct stat st {};
    std::string why;
    if (::fstat(fd, &st) != 0)
        why = "cannot stat it";
    else if (!S_ISREG(st.st_mode))
        why = "it is not a regular file";
    else if (st.st_nlink != 1)
        why = "it has " + std::to_string(st.st_nlink) + " hard links";
    if (!why.empty()) {
        ::close(fd);
        return Error::plain("refusing the pid file " + path + ": " + why);
    }
    // Truncated only now that it is known to be ours to write; 0644 whatever
    // the umask or the mode of a file left behind.
    if (::ftruncate(fd, 0) != 0 || ::fchmod(fd, 0644) != 0) {
        const int e = errno;
        ::close(fd);
        return Error::os(e, "cannot prepare the pid file " + path);
    }
    auto written = write_all(fd, std::to_string(pid) + "\n", path);
    if (::close(fd) != 0 && written)
        return Error::os(errno, "cannot write the pid file " + path);
    return written;
}

} // namespace iked

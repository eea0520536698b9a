// SPDX-License-Identifier: GPL-2.0-or-later
// The pid file: written once, mode 0644, never through a symbolic link,
// never into a FIFO, a directory or a hard-linked file.
#include "pid_file.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        char pattern[] = "/tmp/iked-pid-XXXXXX";
        REQUIRE(::mkdtemp(pattern) != nullptr);
        path = pattern;
    }
    ~TempDir() { fs::remove_all(path); }
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

mode_t mode_of(const fs::path& p) {
    struct stat st {};
    REQUIRE(::lstat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

} // namespace

TEST_CASE("the pid file holds the pid, mode 0644 whatever the umask or an old file's mode") {
    TempDir dir;
    const fs::path pid = dir.path / "iked.pid";
    const mode_t old = ::umask(077);
    auto r = iked::write_pid_file(pid, 1234);
    ::umask(old);
    REQUIRE(r.ok());
    CHECK(slurp(pid) == "1234\n");
    CHECK(mode_of(pid) == 0644);
    // A longer file left behind is truncated, its mode reset.
    std::ofstream(pid) << "99999999\nleft over\n";
    ::chmod(pid.c_str(), 0666);
    REQUIRE(iked::write_pid_file(pid, 42).ok());
    CHECK(slurp(pid) == "42\n");
    CHECK(mode_of(pid) == 0644);
}

TEST_CASE("a symbolic link at the pid file's path is refused, its target untouched") {
    TempDir dir;
    const fs::path target = dir.path / "precious";
    std::ofstream(target) << "keep me\n";
    const fs::path pid = dir.path / "iked.pid";
    fs::create_symlink(target, pid);
    auto r = iked::write_pid_file(pid, 1234);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().to_string() ==
          "the pid file " + pid.string() + " is a symbolic link: refusing to follow it");
    CHECK(slurp(target) == "keep me\n");
    // A dangling link would have created its target.
    fs::remove(target);
    CHECK_FALSE(iked::write_pid_file(pid, 1234).ok());
    CHECK_FALSE(fs::exists(target));
}

TEST_CASE("a FIFO, a directory or a hard-linked file is refused at once") {
    TempDir dir;
    const fs::path fifo = dir.path / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    auto r = iked::write_pid_file(fifo, 1); // no reader: must not block
    REQUIRE_FALSE(r.ok());
    const fs::path sub = dir.path / "dir";
    fs::create_directory(sub);
    CHECK_FALSE(iked::write_pid_file(sub, 1).ok());
    const fs::path other = dir.path / "other";
    std::ofstream(other) << "keep me\n";
    const fs::path linked = dir.path / "linked";
    fs::create_hard_link(other, linked);
    r = iked::write_pid_file(linked, 1);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().to_string() ==
          "refusing the pid file " + linked.string() + ": it has 2 hard links");
    CHECK(slurp(other) == "keep me\n");
}

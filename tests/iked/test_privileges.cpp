// SPDX-License-Identifier: GPL-2.0-or-later
// What iked keeps after drop_privileges: CAP_NET_ADMIN and
// CAP_NET_BIND_SERVICE, nothing in the bounding, inheritable or ambient sets,
// no_new_privs, not dumpable - and what that means: uid 0 still reads its own
// 0600 files (ipsec.secrets on reload) but no longer another user's, nor can
// it chown or win a capability back. Each case runs in a forked child, since
// the drop cannot be undone.
#include "privileges.hpp"

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

struct ChildReport {
    bool dropped = false;
    char error[200] = {};
    iked::PrivilegeState state;
    long ambient_raise = 0; // PR_CAP_AMBIENT_RAISE of CAP_NET_ADMIN: must fail
    int read_own = -1;      // errno of reading root's 0600 file (0: read)
    int read_other = -1;    // errno of reading uid 65534's 0600 file
    int chown_own = -1;     // errno of chown on root's file
    int regain = -1;        // errno of capset asking for CAP_SYS_ADMIN back
};

int open_errno(const fs::path& p) {
    const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    char c;
    const int rc = ::read(fd, &c, 1) == 1 ? 0 : errno;
    ::close(fd);
    return rc;
}

ChildReport run_child(const fs::path& own, const fs::path& other) {
    int pipefd[2];
    REQUIRE(::pipe(pipefd) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(pipefd[0]);
        ChildReport r;
        std::vector<std::string> notes;
        auto dropped = iked::drop_privileges(iked::kept_capabilities(), notes);
        r.dropped = dropped.ok();
        if (!dropped.ok())
            std::snprintf(r.error, sizeof r.error, "%s", dropped.error().to_string().c_str());
        if (auto s = iked::privilege_state())
            r.state = *s;
        r.read_own = open_errno(own);
        r.read_other = open_errno(other);
        r.chown_own = ::chown(own.c_str(), 65534, 65534) == 0 ? 0 : errno;
        __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
        __user_cap_data_struct data[2]{};
        data[0].effective = data[0].permitted = 1u << CAP_SYS_ADMIN;
        r.regain = ::syscall(SYS_capset, &header, data) == 0 ? 0 : errno;
        r.ambient_raise = ::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_ADMIN, 0, 0);
        (void)!::write(pipefd[1], &r, sizeof r);
        ::_exit(0);
    }
    ::close(pipefd[1]);
    ChildReport r;
    const ssize_t n = ::read(pipefd[0], &r, sizeof r);
    ::close(pipefd[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(n == static_cast<ssize_t>(sizeof r));
    return r;
}

} // namespace

TEST_CASE("the kept set is CAP_NET_ADMIN and CAP_NET_BIND_SERVICE") {
    CHECK(iked::kept_capabilities() == 0x1400);
    CHECK(iked::capability_hex(0x1400) == "0x0000000000001400");
}

TEST_CASE("after the drop only the kept capabilities are left, for good") {
    if (::geteuid() != 0)
        return; // needs root's full capability set: runs as root in the netns suite
    char pattern[] = "/tmp/iked-priv-XXXXXX";
    REQUIRE(::mkdtemp(pattern) != nullptr);
    const fs::path dir = pattern;
    const fs::path own = dir / "own";
    const fs::path other = dir / "other";
    std::ofstream(own) << "root's secret\n";
    std::ofstream(other) << "nobody's secret\n";
    fs::permissions(own, fs::perms::owner_read | fs::perms::owner_write);
    fs::permissions(other, fs::perms::owner_read | fs::perms::owner_write);
    REQUIRE(::chown(other.c_str(), 65534, 65534) == 0);
    REQUIRE(open_errno(other) == 0); // as full root, before the drop

    const ChildReport r = run_child(own, other);
    INFO(r.error);
    REQUIRE(r.dropped);
    CHECK(r.state.effective == 0x1400);
    CHECK(r.state.permitted == 0x1400);
    CHECK(r.state.inheritable == 0);
    CHECK(r.state.bounding == 0x1400);
    CHECK(r.state.no_new_privs);
    CHECK_FALSE(r.state.dumpable);
    CHECK(r.ambient_raise == -1); // not inheritable, so never ambient
    CHECK(r.read_own == 0);
    CHECK(r.read_other == EACCES);
    CHECK(r.chown_own == EPERM);
    CHECK(r.regain == EPERM);
    fs::remove_all(dir);
}

// SPDX-License-Identifier: GPL-2.0-or-later
// The control socket between ikectl and iked: requests, streamed lines, exit
// statuses, and who may connect (file mode and SO_PEERCRED).
#include "control_client.hpp"
#include "control_server.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <grp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using iked::ControlServer;
using iked::control::Line;
using iked::control::LineKind;

namespace {

std::string temp_socket() {
    static int n = 0;
    return "/tmp/iked-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++) + ".ctl";
}

// Runs the server's poll loop in a thread until stopped.
struct Loop {
    ControlServer& server;
    std::atomic<bool> stop{false};
    std::function<void()> on_tick;
    std::thread thread;
    explicit Loop(ControlServer& s, std::function<void()> tick = {})
        : server(s), on_tick(std::move(tick)) {
        thread = std::thread([this] {
            while (!stop) {
                std::vector<pollfd> pfds;
                for (int fd : server.fds())
                    pfds.push_back(pollfd{fd, POLLIN, 0});
                if (::poll(pfds.data(), pfds.size(), 20) > 0)
                    for (const pollfd& p : pfds)
                        if (p.revents)
                            server.handle(p.fd);
                if (on_tick)
                    on_tick();
            }
        });
    }
    ~Loop() {
        stop = true;
        thread.join();
    }
};

struct Collected {
    std::vector<Line> lines;
    int rc = -1;
    std::optional<ikectl::ClientError> error;
};

Collected ask(const std::string& path, std::vector<std::string> words) {
    Collected c;
    auto r = ikectl::request(path, words, [&](const Line& l) { c.lines.push_back(l); });
    if (auto* rc = std::get_if<int>(&r))
        c.rc = *rc;
    else
        c.error = std::get<ikectl::ClientError>(r);
    return c;
}

ControlServer open_server(const std::string& path, ControlServer::Handler h, mode_t mode = 0660) {
    ControlServer::Options o;
    o.path = path;
    o.mode = mode;
    auto s = ControlServer::open(o, std::move(h));
    if (!s)
        FAIL(s.error().to_string());
    return std::move(*s);
}

} // namespace

TEST_CASE("control line encoding") {
    CHECK(iked::control::encode(LineKind::log, "a\nb") == "L a b\n");
    auto l = iked::control::decode("O  Security Associations (1 up, 0 connecting):");
    REQUIRE(l);
    CHECK(l->kind == LineKind::output);
    CHECK(l->text == " Security Associations (1 up, 0 connecting):");
    CHECK_FALSE(iked::control::decode("X nope"));
    CHECK_FALSE(iked::control::decode("L"));
    CHECK(*iked::control::split_request("up host-host") ==
          std::vector<std::string>{"up", "host-host"});
    CHECK_FALSE(iked::control::split_request("up  host-host"));
    CHECK_FALSE(iked::control::split_request(""));
    CHECK_FALSE(iked::control::split_request(std::string("up\x01")));
}

TEST_CASE("a request gets its lines in order and the handler's exit status") {
    const std::string path = temp_socket();
    std::vector<std::string> seen;
    ControlServer server = open_server(path, [&](const auto& req, const auto& reply) {
        seen = req.words;
        reply->log("initiating IKE_SA " + req.words.at(1) + "[1] to 192.168.27.132");
        reply->output("status line");
        reply->error("a warning");
        reply->finish(0);
    });
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK(S_ISSOCK(st.st_mode));
    CHECK((st.st_mode & 0777) == 0660);
    ControlServer::Options defaults;
    CHECK(defaults.mode == 0600);
    {
        Loop loop(server);
        Collected c = ask(path, {"up", "host-host"});
        REQUIRE_FALSE(c.error);
        CHECK(c.rc == 0);
        REQUIRE(c.lines.size() == 3);
        CHECK(c.lines[0].kind == LineKind::log);
        CHECK(c.lines[0].text == "initiating IKE_SA host-host[1] to 192.168.27.132");
        CHECK(c.lines[1].kind == LineKind::output);
        CHECK(c.lines[2].kind == LineKind::error);
    }
    CHECK(seen == std::vector<std::string>{"up", "host-host"});
}

TEST_CASE("a reply kept by the daemon streams later and ends with its status") {
    const std::string path = temp_socket();
    ControlServer::ReplyPtr kept;
    int ticks = 0;
    ControlServer server = open_server(path, [&](const auto&, const auto& reply) {
        reply->log("sending packet");
        kept = reply;
    });
    Loop loop(server, [&] {
        if (kept && ++ticks == 5) {
            kept->log("received AUTHENTICATION_FAILED notify error");
            kept->finish(1);
            kept.reset();
        }
    });
    Collected c = ask(path, {"up", "host-host"});
    CHECK(c.rc == 1);
    REQUIRE(c.lines.size() == 2);
    CHECK(c.lines[1].text == "received AUTHENTICATION_FAILED notify error");
}

TEST_CASE("a dropped reply reports failure, a malformed request a usage error") {
    const std::string path = temp_socket();
    ControlServer server = open_server(path, [&](const auto&, const auto&) {});
    Loop loop(server);
    CHECK(ask(path, {"status"}).rc == iked::exit_code::failed);
    Collected c = ask(path, {"up", "", "x"});
    CHECK(c.rc == iked::exit_code::usage);
    REQUIRE(c.lines.size() == 1);
    CHECK(c.lines[0].text == "malformed request line");
}

TEST_CASE("no daemon: ikectl is told so, with exit status 3") {
    Collected c = ask("/tmp/iked-test-none.ctl", {"status"});
    REQUIRE(c.error);
    CHECK(c.error->exit_code == iked::exit_code::no_daemon);
    CHECK(c.error->message.find("iked is not running") == 0);
}

TEST_CASE("a second daemon does not take a live socket; a stale one is replaced") {
    const std::string path = temp_socket();
    {
        ControlServer first = open_server(path, [](const auto&, const auto& r) { r->finish(0); });
        ControlServer::Options o;
        o.path = path;
        auto second = ControlServer::open(o, [](const auto&, const auto&) {});
        REQUIRE_FALSE(second.ok());
        CHECK(second.error().code == EADDRINUSE);
        CHECK(second.error().detail.value_or("") == "is iked already running? (ikectl status)");
        // The refused second server left the first one's socket alone.
        Loop loop(first);
        CHECK(ask(path, {"status"}).rc == 0);
    }
    struct stat st {};
    CHECK(::stat(path.c_str(), &st) != 0); // removed with the server
}

// Forks a child that drops to `nobody` and asks the daemon for `status`;
// returns the child's exit status: the rc it got, or 100 + the ClientError's.
static int ask_as_nobody(const std::string& path) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (::setresgid(65534, 65534, 65534) != 0 || ::setresuid(65534, 65534, 65534) != 0)
            ::_exit(99);
        auto r = ikectl::request(path, {"status"}, [](const Line&) {});
        if (auto* rc = std::get_if<int>(&r))
            ::_exit(*rc);
        ::_exit(100 + std::get<ikectl::ClientError>(r).exit_code);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_CASE("only root or iked's group may talk to iked") {
    if (::geteuid() != 0)
        return; // needs root to drop to another user: runs in the netns suite as root
    const std::string path = temp_socket();
    SECTION("the socket file's mode keeps others out") {
        ControlServer server = open_server(path, [](const auto&, const auto& r) { r->finish(0); });
        Loop loop(server);
        CHECK(ask_as_nobody(path) == 100 + iked::exit_code::permission);
    }
    SECTION("SO_PEERCRED keeps them out even with a world-writable socket") {
        bool called = false;
        ControlServer server = open_server(
            path, [&](const auto&, const auto& r) { called = true, r->finish(0); }, 0666);
        Loop loop(server);
        CHECK(ask_as_nobody(path) == iked::exit_code::permission);
        CHECK_FALSE(called);
    }
}

namespace {

// A raw client: connected, sends what it is given, then reads until EOF.
int connect_raw(const std::string& path) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un sun{};
    sun.sun_family = AF_UNIX;
    std::memcpy(sun.sun_path, path.c_str(), path.size());
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&sun), sizeof(sun)) == 0);
    return fd;
}

// Everything the server sends until it closes; "" and false if it has not
// closed within `limit`.
std::pair<std::string, bool> read_until_closed(int fd, std::chrono::milliseconds limit) {
    std::string got;
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 20) <= 0)
            continue;
        char buf[4096];
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0)
            return {got, true};
        got.append(buf, static_cast<std::size_t>(n));
    }
    return {got, false};
}

} // namespace

TEST_CASE("the socket path is never followed: a link or another file there is refused") {
    const std::string path = temp_socket();
    const std::string target = path + ".target";
    std::ofstream(target) << "keep me\n";
    REQUIRE(::symlink(target.c_str(), path.c_str()) == 0);
    ControlServer::Options o;
    o.path = path;
    auto s = ControlServer::open(o, [](const auto&, const auto&) {});
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().to_string() ==
          path + " is a symbolic link: refusing to follow it or replace it");
    struct stat st {};
    REQUIRE(::lstat(path.c_str(), &st) == 0);
    CHECK(S_ISLNK(st.st_mode)); // left in place
    REQUIRE(::stat(target.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) != 0600); // the target was not chmod'ed
    ::unlink(path.c_str());

    std::ofstream(path) << "not a socket\n";
    auto again = ControlServer::open(o, [](const auto&, const auto&) {});
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().to_string() ==
          path + " exists and is not a socket: refusing to replace it");
    ::unlink(path.c_str());
    ::unlink(target.c_str());
}

TEST_CASE("a stale socket is replaced, with mode 0600 by default") {
    const std::string path = temp_socket();
    {
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un sun{};
        sun.sun_family = AF_UNIX;
        std::memcpy(sun.sun_path, path.c_str(), path.size());
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&sun), sizeof(sun)) == 0);
        ::close(fd); // the file stays, nobody listens
    }
    ControlServer::Options o;
    o.path = path;
    auto s = ControlServer::open(o, [](const auto&, const auto& r) { r->finish(0); });
    REQUIRE(s.ok());
    struct stat st {};
    REQUIRE(::lstat(path.c_str(), &st) == 0);
    CHECK(S_ISSOCK(st.st_mode));
    CHECK((st.st_mode & 0777) == 0600);
    Loop loop(*s);
    CHECK(ask(path, {"status"}).rc == 0);
}

TEST_CASE("a client that sends nothing is cut off; others are served meanwhile") {
    const std::string path = temp_socket();
    ControlServer::Options o;
    o.path = path;
    o.request_timeout = std::chrono::milliseconds(300);
    auto s = ControlServer::open(o, [](const auto&, const auto& r) { r->finish(0); });
    REQUIRE(s.ok());
    Loop loop(*s);
    const int silent = connect_raw(path);
    const int half = connect_raw(path);
    REQUIRE(::send(half, "sta", 3, MSG_NOSIGNAL) == 3); // no newline, ever
    const auto t0 = std::chrono::steady_clock::now();
    CHECK(ask(path, {"status"}).rc == 0); // not held up by the silent ones
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(250));
    for (int fd : {silent, half}) {
        auto [got, closed] = read_until_closed(fd, std::chrono::seconds(3));
        CHECK(closed);
        CHECK(got.empty());
        ::close(fd);
    }
    CHECK(std::chrono::steady_clock::now() - t0 >= std::chrono::milliseconds(250));
    // the listening socket and the timer: nobody pending (the loop thread may
    // still be closing the last client: give it a moment)
    for (int i = 0; i < 100 && s->fds().size() != 2; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(s->fds().size() == 2);
}

TEST_CASE("an oversized request is cut off with a usage error") {
    const std::string path = temp_socket();
    bool called = false;
    ControlServer server = open_server(path, [&](const auto&, const auto& r) {
        called = true;
        r->finish(0);
    });
    Loop loop(server);
    const int fd = connect_raw(path);
    const std::string big(iked::control::kMaxRequest + 1, 'a');
    REQUIRE(::send(fd, big.data(), big.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(big.size()));
    auto [got, closed] = read_until_closed(fd, std::chrono::seconds(3));
    ::close(fd);
    CHECK(closed);
    CHECK(got == "E request longer than 4096 bytes\nR 2\n");
    CHECK_FALSE(called);
    // Longer requests than that are not even sent by the client.
    Collected c = ask(path, {"up", big});
    REQUIRE(c.error);
    CHECK(c.error->exit_code == iked::exit_code::usage);
    // One just within the limit is served.
    CHECK(ask(path, {std::string(iked::control::kMaxRequest, 'b')}).rc == 0);
    CHECK(called);
}

// Forks a child with uid/gid 65534 and the supplementary `groups`, which asks
// for `status`; returns its exit status as ask_as_nobody does.
static int ask_as_nobody_in(const std::string& path, const std::vector<gid_t>& groups) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (::setgroups(groups.size(), groups.data()) != 0 ||
            ::setresgid(65534, 65534, 65534) != 0 || ::setresuid(65534, 65534, 65534) != 0)
            ::_exit(99);
        auto r = ikectl::request(path, {"status"}, [](const Line&) {});
        if (auto* rc = std::get_if<int>(&r))
            ::_exit(*rc);
        ::_exit(100 + std::get<ikectl::ClientError>(r).exit_code);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_CASE("a member of the control group by a supplementary group may talk to iked") {
    if (::geteuid() != 0)
        return; // needs root to drop to another user: runs in the netns suite as root
    const std::string path = temp_socket();
    ControlServer::Options o;
    o.path = path;
    o.mode = 0666;
    o.group = 4242;
    auto s = ControlServer::open(o, [](const auto&, const auto& r) { r->finish(0); });
    REQUIRE(s.ok());
    struct stat st {};
    REQUIRE(::lstat(path.c_str(), &st) == 0);
    CHECK(st.st_gid == 4242);
    Loop loop(*s);
    CHECK(ask_as_nobody_in(path, {100, 4242, 4343}) == 0);
    CHECK(ask_as_nobody_in(path, {100, 4343}) == iked::exit_code::permission);
}

// The control socket between ikectl and iked: requests, streamed lines, exit
// statuses, and who may connect (file mode and SO_PEERCRED).
#include "control_client.hpp"
#include "control_server.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <poll.h>
#include <sys/stat.h>
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

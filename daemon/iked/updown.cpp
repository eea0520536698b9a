// SPDX-License-Identifier: GPL-2.0-or-later
#include "updown.hpp"

#include "sockaddr_address.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace iked {

namespace eng = ipsec::ike::engine;

namespace {

// How long a script may run before it is killed (charon waits for ever; a
// hung script would stop iked from answering anything).
constexpr auto kScriptLimit = std::chrono::seconds(60);

std::string mark_text(const eng::MarkConfig& m) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%u/0x%08x", m.value, m.mask); // charon's form
    return buf;
}

// The name of the interface holding `address`, or "unknown".
std::string interface_of(const ipxf::Address& address) {
    std::string out = "unknown";
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0)
        return out;
    for (ifaddrs* i = list; i; i = i->ifa_next) {
        if (address_of(i->ifa_addr) == address) {
            out = i->ifa_name;
            break;
        }
    }
    ::freeifaddrs(list);
    return out;
}

void add_client(std::vector<std::pair<std::string, std::string>>& env, const std::string& who,
                const eng::TsRange& ts) {
    const auto subnets = ts.subnets();
    const eng::Subnet net = subnets.empty() ? eng::Subnet{} : subnets.front();
    env.emplace_back("PLUTO_" + who + "_CLIENT", net.to_string());
}

std::string port_text(const eng::TsRange& ts) {
    return std::to_string(ts.start_port == ts.end_port ? ts.start_port : 0);
}

// Runs /bin/sh -c COMMAND with exactly `env`; "" when it exited 0.
std::string run_shell(const std::string& command,
                      const std::vector<std::pair<std::string, std::string>>& env) {
    std::vector<std::string> strings;
    for (const auto& [k, v] : env)
        strings.push_back(k + "=" + v);
    strings.emplace_back("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    std::vector<char*> envp;
    for (auto& s : strings)
        envp.push_back(s.data());
    envp.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0)
        return std::string("cannot start it: ") + std::strerror(errno);
    if (pid == 0) {
        // the child: the daemon's signal mask (signalfd) is not the script's
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::signal(SIGPIPE, SIG_DFL);
        ::execle("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr), envp.data());
        ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + kScriptLimit;
    int status = 0;
    for (;;) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid)
            break;
        if (done < 0 && errno != EINTR)
            return std::string("waiting for it: ") + std::strerror(errno);
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return "killed after " + std::to_string(kScriptLimit.count()) + " s";
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return "";
    if (WIFEXITED(status))
        return "exit code " + std::to_string(WEXITSTATUS(status));
    return "killed by signal " + std::to_string(WTERMSIG(status));
}

} // namespace

std::vector<std::pair<std::string, std::string>>
updown_environment(bool up, const std::string& conn, std::uint32_t ike_id,
                   const eng::ChildInfo& child, const eng::TsRange& mine,
                   const eng::TsRange& theirs, const std::string& interface) {
    const bool v6 = mine.family == AF_INET6;
    const auto mine_subnets = mine.subnets();
    const bool host =
        mine_subnets.size() == 1 && mine_subnets[0] == eng::Subnet::host(child.local.address);
    std::string verb = std::string(up ? "up" : "down") + (host ? "-host" : "-client");
    if (v6)
        verb += "-v6";
    std::vector<std::pair<std::string, std::string>> env{
        {"PLUTO_VERSION", "1.1"},
        {"PLUTO_VERB", verb},
        {"PLUTO_CONNECTION", conn},
        {"PLUTO_INTERFACE", interface},
        {"PLUTO_REQID", std::to_string(child.reqid)},
        {"PLUTO_PROTO", "esp"},
        {"PLUTO_UNIQUEID", std::to_string(ike_id)},
        {"PLUTO_ME", child.local.address.to_string()},
        {"PLUTO_MY_ID", child.local_id},
    };
    add_client(env, "MY", mine);
    env.emplace_back("PLUTO_MY_PORT", port_text(mine));
    env.emplace_back("PLUTO_MY_PROTOCOL", std::to_string(mine.protocol));
    env.emplace_back("PLUTO_PEER", child.remote.address.to_string());
    env.emplace_back("PLUTO_PEER_ID", child.remote_id);
    add_client(env, "PEER", theirs);
    env.emplace_back("PLUTO_PEER_PORT", port_text(theirs));
    env.emplace_back("PLUTO_PEER_PROTOCOL", std::to_string(theirs.protocol));
    if (child.mark_in.set())
        env.emplace_back("PLUTO_MARK_IN", mark_text(child.mark_in));
    if (child.mark_out.set())
        env.emplace_back("PLUTO_MARK_OUT", mark_text(child.mark_out));
    if (child.encap)
        env.emplace_back("PLUTO_UDP_ENC", std::to_string(child.remote.port));
    return env;
}

void run_updown(const UpdownConfig& config, bool up, const std::string& conn, std::uint32_t ike_id,
                const eng::ChildInfo& child, const std::function<void(const std::string&)>& log) {
    if (config.command.empty())
        return;
    const std::string interface = interface_of(child.local.address);
    for (const auto& mine : child.local_ts)
        for (const auto& theirs : child.remote_ts) {
            if (mine.family != theirs.family)
                continue;
            const auto env = updown_environment(up, conn, ike_id, child, mine, theirs, interface);
            const std::string failed = run_shell(config.command, env);
            if (!failed.empty())
                log("updown: " + env[1].second + " for " + mine.to_string() +
                    " === " + theirs.to_string() + ": '" + config.command + "' failed: " + failed);
        }
}

} // namespace iked

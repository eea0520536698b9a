// SPDX-License-Identifier: GPL-2.0-or-later
// ipxf: a drop-in for `ip xfrm` (iproute2 6.1 grammar and output), with JSON,
// clearer errors and a pipelined -batch.
#include "batch_lines.hpp"
#include "cli.hpp"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <poll.h>
#include <sched.h>
#include <string_view>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace ipxf;
using namespace ipxf::cli;

namespace {

void report(const CliError& e, const std::string& where = {}) {
    if (!where.empty())
        std::fprintf(stderr, "%s", where.c_str());
    if (e.what()[0])
        std::fprintf(stderr, "%s\n", e.what());
    if (!e.hint.empty())
        std::fprintf(stderr, "ipxf: %s\n", e.hint.c_str());
}

// One command of a batch. ip -batch reads the object word first: "xfrm" or
// an abbreviation of it; ipxf also takes an xfrm object (state, policy,
// monitor) there. Anything else is ip's unknown object (exit 1). `push`
// hands the parsed adds, updates and deletes in `pending` to the stream;
// `sync` waits for the kernel's answers to them. Returns the exit code.
template <typename Push, typename Sync>
int run_batch_command(const std::vector<std::string>& words, Globals& g, Netlink& nl,
                      std::vector<BulkRequest>& pending, Push&& push, Sync&& sync) {
    const std::string& obj = words[0];
    if (!first_xfrm_word(words) && !matches(obj, "state") && !matches(obj, "sa") &&
        !matches(obj, "policy") && !matches(obj, "monitor")) {
        if (int r = sync(); r)
            return r;
        std::fprintf(stderr, "Object \"%s\" is unknown, try \"ip help\".\n", obj.c_str());
        return kExitSemantic;
    }
    const std::uint16_t family = g.family; // a command may set it for itself
    if (is_bulk_verb(words)) {
        run_command(words, g, nl, &pending);
        g.family = family;
        return push();
    }
    if (int r = sync(); r)
        return r;
    std::fflush(stdout);
    const int r = run_command(words, g, nl, nullptr);
    g.family = family;
    return r;
}

// The kernel's refusals of a batch's requests, each with its FILE:LINE:
// the first one like ip; with -force, every one. Returns the exit code.
int report_failures(const std::vector<BulkFailure>& failures,
                    const std::vector<std::size_t>& request_lines, const std::string& file,
                    bool force) {
    if (failures.empty())
        return 0;
    const std::size_t shown = force ? failures.size() : 1;
    for (std::size_t k = 0; k < shown; ++k) {
        const BulkFailure& fail = failures[k];
        std::size_t line = fail.index < request_lines.size() ? request_lines[fail.index] : 0;
        std::string msg;
        if (fail.error.detail && !fail.error.detail->empty())
            msg = "Error: " + *fail.error.detail + ".\n";
        msg += "RTNETLINK answers: " + std::string(std::strerror(fail.error.code));
        std::fprintf(stderr, "%s\nipxf: -batch %s:%zu: the kernel refused this command\n",
                     msg.c_str(), file.c_str(), line);
    }
    if (shown < failures.size())
        std::fprintf(stderr, "ipxf: %zu more commands sent in the same burst failed too\n",
                     failures.size() - shown);
    return kExitKernel;
}

// The batch file open for reading (standard input for "-"), or -1 after
// ip's message.
int open_batch(const std::string& file) {
    if (file == "-")
        return 0;
    const int fd = open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        std::fprintf(stderr, "Cannot open file \"%s\" for reading: %s\n", file.c_str(),
                     std::strerror(errno));
    return fd;
}

// Adds, updates and deletes go through a BulkStream: they are parsed and
// encoded here while its thread feeds the kernel. Any other command first
// waits for the kernel to answer what came before it. A kernel error is
// reported with the FILE:LINE of its command; without -force it ends the
// batch, and the stream undoes what its burst applied after it.
int run_batch(const std::string& file, Globals& g, Netlink& nl) {
    const int fd = open_batch(file);
    if (fd < 0)
        return 1;
    struct CloseFd {
        int fd;
        ~CloseFd() {
            if (fd > 0)
                close(fd);
        }
    } close_fd{fd};
    if (g.atomic)
        return run_batch_atomic(fd, file, g, nl);

    std::optional<BulkStream> stream;
    std::vector<std::size_t> request_lines; // request number -> line
    auto sync = [&]() -> int {
        return stream ? report_failures(stream->sync(), request_lines, file, g.force) : 0;
    };

    CommandReader reader(fd);
    std::vector<BulkRequest> pending;
    std::vector<std::string> words;
    std::size_t line = 0;
    int rc = 0;
    bool stopped = false; // a kernel error ended the batch
    auto before_wait = [&] {
        if (stopped)
            return;
        if (int r = sync(); r) {
            rc = r;
            stopped = !g.force;
        }
    };
    for (;;) {
        try {
            const int got = reader.next(words, line, before_wait);
            if (stopped)
                return rc;
            if (got < 0) {
                std::fprintf(stderr, "Cannot read \"%s\": %s\n", file.c_str(),
                             std::strerror(errno));
                if (int r = sync(); r)
                    return r;
                return 1;
            }
            if (got == 0)
                break;
            const int r = run_batch_command(
                words, g, nl, pending,
                [&] {
                    if (!stream)
                        stream.emplace(nl, BulkOptions{!g.force, false});
                    for (const BulkRequest& req : pending) {
                        request_lines.push_back(line);
                        stream->push(req);
                    }
                    pending.clear();
                    return !g.force && stream->failed() ? sync() : 0;
                },
                sync);
            if (r) {
                rc = r;
                if (r != kExitKernel) // ip's line for a command that returned an error
                    std::fprintf(stderr, "Command failed %s:%zu\n", file.c_str(), line);
                if (!g.force)
                    return rc;
            }
        } catch (const CliError& e) {
            if (int r = sync(); r && !g.force)
                return r;
            std::fflush(stdout);
            report(e, "ipxf: -batch " + file + ":" + std::to_string(line) + ":\n");
            // like ip -batch: an xfrm error ends the batch
            return e.code;
        }
    }
    if (reader.missing_continuation)
        std::fprintf(stderr, "Missing continuation line\n");
    if (int r = sync(); r)
        rc = r;
    return rc;
}

int enter_netns(const std::string& name) {
    std::string path = name.find('/') == std::string::npos ? "/run/netns/" + name : name;
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        std::fprintf(stderr, "Cannot open network namespace \"%s\": %s\n", name.c_str(),
                     std::strerror(errno));
        return -1;
    }
    if (setns(fd, CLONE_NEWNET) < 0) {
        std::fprintf(stderr, "setting the network namespace \"%s\" failed: %s\n", name.c_str(),
                     std::strerror(errno));
        close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

} // namespace

// ip's global options (-s, -d, -o, -4, -6, -f, -b, -force, -n, -j, -p, ...),
// from argv[1] on; `i` ends on the first word after them. Returns an exit
// code when the program ends here (an error, or -V).
std::optional<int> parse_options(int argc, char** argv, int& i, Globals& g, std::string& batch) {
    for (i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a.size() < 2 || a[0] != '-')
            break;
        if (a == "--") {
            ++i;
            break;
        }
        std::string o = a.substr(a[1] == '-' ? 2 : 1);
        auto need = [&](const char* what) -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "Option \"%s\" requires an argument (%s)\n", a.c_str(), what);
                std::exit(kExitParse);
            }
            return argv[++i];
        };
        if (matches(o, "stats") || matches(o, "statistics"))
            ++g.print.stats;
        else if (o.size() >= 2 && matches(o, "tshort"))
            g.timestamp = MonitorTimestamp::short_form;
        else if (matches(o, "timestamp"))
            g.timestamp = MonitorTimestamp::long_form;
        else if (matches(o, "details"))
            g.print.details = true;
        else if (matches(o, "oneline"))
            g.print.oneline = true;
        else if (o == "4")
            g.family = AF_INET;
        else if (o == "6")
            g.family = AF_INET6;
        else if (matches(o, "family")) {
            std::string f = need("inet or inet6");
            if (f == "inet")
                g.family = AF_INET;
            else if (f == "inet6")
                g.family = AF_INET6;
            else {
                std::fprintf(stderr, "Error: argument \"%s\" is wrong: invalid protocol family\n",
                             f.c_str());
                return kExitParse;
            }
        } else if (matches(o, "batch"))
            batch = need("a file name, or - for standard input");
        else if (o == "force")
            g.force = true;
        else if (o == "atomic")
            g.atomic = true;
        else if (matches(o, "netns")) {
            if (enter_netns(need("a network namespace name")) < 0)
                return 1;
        } else if (matches(o, "json"))
            g.json = true;
        else if (matches(o, "pretty"))
            g.pretty = true;
        else if (matches(o, "Version")) {
            std::printf("ipxf 0.1.0 (ip xfrm grammar of iproute2 6.1)\n");
            return 0;
        } else if (matches(o, "human") || matches(o, "help")) {
            // iproute2 reads -h as -human, which xfrm ignores
        } else {
            std::fprintf(stderr, "Option \"%s\" is unknown, try \"ipxf help\".\n", a.c_str());
            return kExitParse;
        }
    }
    if (g.atomic && (g.force || batch.empty())) {
        std::fprintf(stderr, "ipxf: -atomic goes with -batch, and not with -force\n");
        return kExitParse;
    }
    return std::nullopt;
}

int main(int argc, char** argv) {
    Globals g;
    std::string batch;
    std::vector<std::string> words;
    int i = 1;
    if (auto rc = parse_options(argc, argv, i, g, batch))
        return *rc;
    g.print.preferred_family = g.family;
    for (; i < argc; ++i)
        words.emplace_back(argv[i]);

    auto nl = Netlink::open();
    if (!nl) {
        std::fprintf(stderr, "Cannot open netlink socket: %s\n", nl.error().to_string().c_str());
        return 1;
    }
    if (!batch.empty())
        return run_batch(batch, g, *nl);
    try {
        return run_command(words, g, *nl, nullptr);
    } catch (const CliError& e) {
        std::fflush(stdout);
        report(e);
        return e.code;
    }
}

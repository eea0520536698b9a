// ipxf: a drop-in for `ip xfrm` (iproute2 6.1 grammar and output), with JSON,
// clearer errors and a pipelined -batch.
#include "cli.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <sched.h>
#include <sstream>
#include <sys/socket.h>
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

// iproute2's makeargs(): words split on blanks, "double" and 'single' quotes
// group, '#' starts a comment. A leading "xfrm" is dropped here (run_command
// would drop it, moving every other word) unless nothing or another "xfrm"
// follows, which run_command must see as before.
std::vector<std::string> split_line(const std::string& line) {
    bool skipped_xfrm = false;
    std::vector<std::string> words;
    words.reserve(16);
    const char* p = line.data();
    const char* end = p + line.size();
    while (p < end) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
            ++p;
        if (p == end || *p == '#')
            break;
        std::string word;
        while (p < end && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
            if (*p == '"' || *p == '\'') {
                const char quote = *p++;
                const char* close = p;
                while (close < end && *close != quote)
                    ++close;
                word.append(p, close);
                p = close < end ? close + 1 : end;
                continue;
            }
            const char* run = p;
            while (p < end && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n' && *p != '"' &&
                   *p != '\'')
                ++p;
            word.append(run, p);
        }
        if (words.empty() && !skipped_xfrm && word == "xfrm")
            skipped_xfrm = true;
        else
            words.push_back(std::move(word));
    }
    if (skipped_xfrm && (words.empty() || words.front() == "xfrm"))
        words.insert(words.begin(), "xfrm");
    return words;
}

bool is_bulk_verb(const std::vector<std::string>& w) {
    std::size_t i = (!w.empty() && w[0] == "xfrm") ? 1 : 0;
    if (w.size() < i + 2)
        return false;
    const std::string& obj = w[i];
    const std::string& verb = w[i + 1];
    bool object = matches(obj, "state") || matches(obj, "sa") || matches(obj, "policy");
    bool deleteall = matches(verb, "deleteall") || matches(verb, "delall");
    return object && !deleteall &&
           (matches(verb, "add") || matches(verb, "update") || matches(verb, "delete"));
}

int run_batch(const std::string& file, Globals& g, Netlink& nl) {
    std::istream* in = &std::cin;
    std::ifstream f;
    if (file != "-") {
        f.open(file);
        if (!f) {
            std::fprintf(stderr, "Cannot open file \"%s\" for reading: %s\n", file.c_str(),
                         std::strerror(errno));
            return 1;
        }
        in = &f;
    }
    std::vector<BulkRequest> pending;
    std::vector<std::size_t> pending_lines;
    auto flush = [&]() -> int {
        if (pending.empty())
            return 0;
        BulkOptions opt;
        opt.stop_on_error = !g.force;
        BulkResult r = nl.bulk(pending, opt);
        int rc = 0;
        if (!r.failures.empty()) {
            // Report the first failure like ip does; with -force, every one.
            std::size_t shown = g.force ? r.failures.size() : 1;
            for (std::size_t k = 0; k < shown; ++k) {
                const BulkFailure& fail = r.failures[k];
                std::size_t line = pending_lines[fail.index];
                std::string msg;
                if (fail.error.detail && !fail.error.detail->empty())
                    msg = "Error: " + *fail.error.detail + ".\n";
                msg += "RTNETLINK answers: " + std::string(std::strerror(fail.error.code));
                std::fprintf(stderr, "%s\nipxf: -batch %s:%zu: the kernel refused this command\n",
                             msg.c_str(), file.c_str(), line);
            }
            if (shown < r.failures.size())
                std::fprintf(stderr, "ipxf: %zu more commands sent in the same burst failed too\n",
                             r.failures.size() - shown);
            rc = kExitKernel;
        }
        pending.clear();
        pending_lines.clear();
        return rc;
    };
    std::string line, acc;
    std::size_t lineno = 0, start_line = 0;
    int rc = 0;
    while (std::getline(*in, line)) {
        ++lineno;
        if (acc.empty())
            start_line = lineno;
        if (!line.empty() && line.back() == '\\') {
            line.pop_back();
            acc += line + " ";
            continue;
        }
        acc += line;
        std::vector<std::string> words = split_line(acc);
        acc.clear();
        if (words.empty())
            continue;
        try {
            if (is_bulk_verb(words)) {
                const std::uint16_t family = g.family; // a command may set it for itself
                run_command(std::move(words), g, nl, &pending);
                g.family = family;
                pending_lines.push_back(start_line);
                if (pending.size() >= 4096) {
                    if (int r = flush(); r) {
                        rc = r;
                        if (!g.force)
                            return rc;
                    }
                }
                continue;
            }
            if (int r = flush(); r) {
                rc = r;
                if (!g.force)
                    return rc;
            }
            const std::uint16_t family = g.family;
            std::fflush(stdout);
            int r = run_command(std::move(words), g, nl, nullptr);
            g.family = family;
            if (r)
                rc = r;
        } catch (const CliError& e) {
            if (int r = flush(); r && !g.force)
                return r;
            std::fflush(stdout);
            report(e, "ipxf: -batch " + file + ":" + std::to_string(start_line) + ":\n");
            // like ip -batch: an xfrm error ends the batch
            return e.code;
        }
    }
    if (int r = flush(); r)
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

int main(int argc, char** argv) {
    Globals g;
    std::string batch;
    std::vector<std::string> words;
    int i = 1;
    for (; i < argc; ++i) {
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
        else if (o == "ss")
            g.print.stats += 2;
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

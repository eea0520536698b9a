// SPDX-License-Identifier: GPL-2.0-or-later
// `ipxf save` and `ipxf restore`: the whole SAD and SPD (socket policies
// aside) as a file of `xfrm state add` and `xfrm policy add` lines, keys
// included, and back. A saved file is written with mode 0600 and renamed
// into place whole. A restore parses the whole file first, then changes
// only what differs (deletes what the file lacks, adds what the tables
// lack) in one all-or-nothing Netlink::bulk().
#include "batch_lines.hpp"
#include "save_lines.hpp"
#include "verbs.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <type_traits>
#include <unistd.h>
#include <unordered_set>

namespace ipxf::cli {
namespace {

// [ file FILE ]: the file, or "" for the standard stream.
std::string file_argument(Cursor& c, const char* verb) {
    std::string file;
    for (; !c.done(); c.advance()) {
        if (c.cur() == "file" && file.empty()) {
            file = c.next();
        } else {
            std::fprintf(stderr, "Usage: ipxf %s [ file FILE ]\n", verb);
            throw CliError(kExitParse, "Argument \"" + c.cur() + "\" is unknown, try \"ipxf " +
                                           verb + " help\".");
        }
    }
    return file;
}

bool write_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

// FILE written whole or not at all: a mode 0600 temporary file beside it,
// synced, then renamed over it.
void write_file(const std::string& file, const std::string& text) {
    std::string tmp = file + ".XXXXXX";
    const int fd = mkstemp(tmp.data()); // mode 0600
    if (fd < 0)
        throw CliError(kExitSemantic, "ipxf save: cannot create a file beside \"" + file +
                                          "\": " + std::strerror(errno));
    const bool ok = write_all(fd, text) && fsync(fd) == 0;
    const int err = errno;
    close(fd);
    if (!ok || rename(tmp.c_str(), file.c_str()) != 0) {
        const int why = ok ? errno : err;
        unlink(tmp.c_str());
        throw CliError(kExitSemantic,
                       "ipxf save: cannot write \"" + file + "\": " + std::strerror(why));
    }
}

// The standard output, a regular file made 0600 first (it gets keys).
void write_stdout(const std::string& text) {
    struct stat st {};
    if (fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) &&
        fchmod(STDOUT_FILENO, st.st_mode & 0700) != 0)
        throw CliError(kExitSemantic, std::string("ipxf save: the standard output is a file "
                                                  "others may read, and its mode cannot be "
                                                  "changed: ") +
                                          std::strerror(errno));
    if (!write_all(STDOUT_FILENO, text))
        throw CliError(kExitSemantic,
                       std::string("ipxf save: cannot write: ") + std::strerror(errno));
}

// What restore compares: the configuration, not what traffic changes
// (counters, replay state, last use) nor what the kernel numbers itself.
State comparable(State s) {
    s.curlft = {};
    s.stats = {};
    s.lastused.reset();
    s.replay.reset();
    s.replay_thresh.reset();
    s.replay_maxage.reset();
    s.offload.reset();
    if (s.replay_esn) {
        s.replay_window = 0;
        s.replay_esn = ReplayStateEsn{0, 0, 0, 0, s.replay_esn->replay_window, {}};
    }
    if (s.extra_flags.value_or(0) == 0)
        s.extra_flags.reset();
    if (s.tfcpad.value_or(0) == 0)
        s.tfcpad.reset();
    return s;
}

Policy comparable(Policy p) {
    p.curlft = {};
    p.index = 0;
    p.ptype = p.ptype.value_or(kPolicyTypeMain);
    p.offload.reset();
    return p;
}

// Two entries are the same when their comparable parts save the same line.
std::string key_of(const State& s) {
    return state_save_line(comparable(s));
}
std::string key_of(const Policy& p) {
    return policy_save_line(comparable(p));
}

template <typename T>
std::unordered_set<std::string> keys_of(const std::vector<T>& all) {
    std::unordered_set<std::string> out;
    for (const T& x : all)
        if constexpr (std::is_same_v<T, Policy>) {
            if (!x.is_socket())
                out.insert(key_of(x));
        } else {
            out.insert(key_of(x));
        }
    return out;
}

struct RestorePlan {
    std::vector<BulkRequest> requests;
    std::vector<std::size_t> lines; // the file's line of each request, 0 for a delete
    std::size_t deleted = 0, added = 0, kept = 0;
};

// The requests that turn the tables into the file's: deletes first (of
// what the file lacks), then the file's SAs and policies the tables lack.
RestorePlan plan(const std::vector<BulkRequest>& file, const std::vector<std::size_t>& lines,
                 const std::vector<State>& old_states, const std::vector<Policy>& old_policies) {
    std::vector<State> new_states;
    std::vector<Policy> new_policies;
    for (const auto& r : file) {
        if (const auto* a = std::get_if<AddState>(&r))
            new_states.push_back(a->state);
        else if (const auto* p = std::get_if<AddPolicy>(&r))
            new_policies.push_back(p->policy);
    }
    const auto file_states = keys_of(new_states), file_policies = keys_of(new_policies);
    const auto have_states = keys_of(old_states), have_policies = keys_of(old_policies);
    RestorePlan out;
    for (const Policy& p : old_policies)
        if (!p.is_socket() && !file_policies.count(key_of(p))) {
            out.requests.emplace_back(DeletePolicy{PolicyId::of(p)});
            out.lines.push_back(0);
        }
    for (const State& s : old_states)
        if (!file_states.count(key_of(s))) {
            out.requests.emplace_back(DeleteState{StateId::of(s)});
            out.lines.push_back(0);
        }
    out.deleted = out.requests.size();
    for (int pass = 0; pass < 2; ++pass) // SAs before the policies that use them
        for (std::size_t i = 0; i < file.size(); ++i) {
            const auto* a = std::get_if<AddState>(&file[i]);
            const auto* p = std::get_if<AddPolicy>(&file[i]);
            if ((pass == 0 && !a) || (pass == 1 && !p))
                continue;
            if (a ? have_states.count(key_of(a->state)) : have_policies.count(key_of(p->policy))) {
                ++out.kept;
                continue;
            }
            out.requests.push_back(file[i]);
            out.lines.push_back(lines[i]);
        }
    out.added = out.requests.size() - out.deleted;
    return out;
}

// The file's requests: only `state add` and `policy add` lines.
std::vector<BulkRequest> read_restore_file(int fd, const std::string& name, Globals& g, Netlink& nl,
                                           std::vector<std::size_t>& lines) {
    CommandReader reader(fd);
    std::vector<BulkRequest> requests;
    std::vector<std::string> words;
    std::size_t line = 0;
    try {
        for (;;) {
            const int got = reader.next(words, line, [] {});
            if (got < 0)
                throw CliError(kExitSemantic, "ipxf restore: cannot read \"" + name +
                                                  "\": " + std::strerror(errno));
            if (got == 0)
                break;
            const std::uint16_t family = g.family;
            const std::size_t before = requests.size();
            if (is_bulk_verb(words))
                run_command(words, g, nl, &requests);
            g.family = family;
            const bool add = requests.size() == before + 1 &&
                             ((std::holds_alternative<AddState>(requests.back()) &&
                               !std::get<AddState>(requests.back()).update) ||
                              (std::holds_alternative<AddPolicy>(requests.back()) &&
                               !std::get<AddPolicy>(requests.back()).update));
            if (!add)
                throw CliError(kExitParse, "ipxf restore: only \"xfrm state add\" and \"xfrm "
                                           "policy add\" lines can be restored");
            lines.push_back(line);
        }
    } catch (const CliError& e) {
        std::fflush(stdout);
        std::fprintf(stderr, "ipxf restore: %s:%zu:\n", name.c_str(), line);
        throw CliError(e.code, e.what(), e.hint.empty() ? "nothing changed" : e.hint);
    }
    if (reader.missing_continuation)
        throw CliError(kExitSemantic, "Missing continuation line", "nothing changed");
    return requests;
}

int report_restore_failure(const BulkResult& r, const RestorePlan& p, const std::string& name) {
    const BulkFailure& f = r.failures.front();
    if (f.error.detail && !f.error.detail->empty())
        std::fprintf(stderr, "Error: %s.\n", f.error.detail->c_str());
    std::fprintf(stderr, "RTNETLINK answers: %s\n", std::strerror(f.error.code));
    const std::size_t line = f.index < p.lines.size() ? p.lines[f.index] : 0;
    if (line)
        std::fprintf(stderr, "ipxf restore: %s:%zu: the kernel refused this line\n", name.c_str(),
                     line);
    else
        std::fprintf(stderr, "ipxf restore: the kernel refused to delete an entry the file "
                             "lacks\n");
    if (r.rolled_back)
        std::fprintf(stderr, "ipxf restore: nothing changed (every change was undone)\n");
    else
        std::fprintf(stderr,
                     "ipxf restore: undoing failed too (%s): the tables are as it left "
                     "them\n",
                     r.failures.back().error.to_string().c_str());
    return kExitKernel;
}

} // namespace

int save_command(Cursor& c, Globals& g, Netlink& nl) {
    (void)g;
    const std::string file = file_argument(c, "save");
    const Tables t = read_tables(nl);
    // The kernel lists the newest first: saved oldest first, a restore into
    // empty tables lists them in the same order.
    std::string text = "# ipxf save: the SAD and SPD, keys included (keep this file private)\n";
    for (auto s = t.states.rbegin(); s != t.states.rend(); ++s)
        text += state_save_line(*s);
    for (auto p = t.policies.rbegin(); p != t.policies.rend(); ++p)
        if (!p->is_socket())
            text += policy_save_line(*p);
    if (file.empty())
        write_stdout(text);
    else
        write_file(file, text);
    return 0;
}

int restore_command(Cursor& c, Globals& g, Netlink& nl) {
    const std::string file = file_argument(c, "restore");
    const std::string name = file.empty() ? "-" : file;
    const int fd = file.empty() ? STDIN_FILENO : open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw CliError(kExitSemantic,
                       "ipxf restore: cannot open \"" + file + "\": " + std::strerror(errno));
    std::vector<std::size_t> lines;
    std::vector<BulkRequest> wanted;
    try {
        wanted = read_restore_file(fd, name, g, nl, lines);
    } catch (...) {
        if (fd != STDIN_FILENO)
            close(fd);
        throw;
    }
    if (fd != STDIN_FILENO)
        close(fd);
    const Tables t = read_tables(nl);
    const RestorePlan p = plan(wanted, lines, t.states, t.policies);
    const BulkResult r = nl.bulk(p.requests, BulkOptions{true, true});
    if (!r.failures.empty())
        return report_restore_failure(r, p, name);
    if (g.print.stats)
        std::fprintf(stderr, "ipxf restore: %zu deleted, %zu added, %zu unchanged\n", p.deleted,
                     p.added, p.kept);
    return 0;
}

} // namespace ipxf::cli

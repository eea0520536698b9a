// ipxf: a drop-in for `ip xfrm` (iproute2 6.1 grammar and output), with JSON,
// clearer errors and a pipelined -batch.
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

// iproute2's makeargs(): words split on blanks, "double" and 'single' quotes
// group, '#' starts a comment. The words go into `words`, whose strings are
// reused from line to line (no allocation for words up to 15 bytes).
// Character classes for split_line: a table lookup per byte.
constexpr std::uint8_t kBlank = 1, kQuote = 2;
constexpr auto kCharClass = [] {
    std::array<std::uint8_t, 256> t{};
    for (unsigned char ch : {' ', '\t', '\r', '\n'})
        t[ch] = kBlank;
    for (unsigned char ch : {'"', '\''})
        t[ch] = kQuote;
    return t;
}();

void split_line(std::string_view line, std::vector<std::string>& words) {
    auto blank = [](char ch) {
        return (kCharClass[static_cast<unsigned char>(ch)] & kBlank) != 0;
    };
    std::size_t n = 0;
    const char* p = line.data();
    const char* end = p + line.size();
    while (p < end) {
        while (p < end && blank(*p))
            ++p;
        if (p == end || *p == '#')
            break;
        if (n == words.size())
            words.emplace_back();
        std::string& word = words[n++];
        const char* stop = p;
        std::uint8_t seen = 0;
        while (stop < end) {
            const std::uint8_t cls = kCharClass[static_cast<unsigned char>(*stop)];
            if (cls & kBlank)
                break;
            seen |= cls;
            ++stop;
        }
        if (!(seen & kQuote)) {
            // Batch lines repeat most words at the same places: a slot that
            // holds the word already is left alone.
            const auto len = static_cast<std::size_t>(stop - p);
            if (word.size() != len || std::memcmp(word.data(), p, len) != 0)
                word.assign(p, len);
            p = stop;
            continue;
        }
        word.clear();
        while (p < end && !blank(*p)) {
            if (*p == '"' || *p == '\'') {
                const char quote = *p++;
                const char* close = p;
                while (close < end && *close != quote)
                    ++close;
                word.append(p, static_cast<std::size_t>(close - p));
                p = close < end ? close + 1 : end;
                continue;
            }
            const char* run = p;
            while (p < end && !blank(*p) && *p != '"' && *p != '\'')
                ++p;
            word.append(run, static_cast<std::size_t>(p - run));
        }
    }
    words.resize(n);
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

// The lines of a batch file, read into a buffer of our own: the file is
// never mapped, so one that is truncated while we read it only ends early
// (a mapping would fault with SIGBUS past the new end). A pipe or terminal
// is read as its lines come, and `before_wait` runs before a read that
// would wait (so what was read so far takes effect first).
class LineReader {
public:
    explicit LineReader(int fd) : m_fd(fd) {
        struct stat st {};
        m_regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
        m_buf.resize(m_regular ? kRegularChunk : kPipeChunk);
    }
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    // The next line, without its '\n'; false at the end (or -1 on a read
    // error, with errno set).
    template <typename F>
    int next(std::string_view& line, F&& before_wait) {
        for (;;) {
            const char* b = m_buf.data();
            if (const void* nl = std::memchr(b + m_start, '\n', m_end - m_start)) {
                const auto at = static_cast<std::size_t>(static_cast<const char*>(nl) - b);
                line = std::string_view(b + m_start, at - m_start);
                m_start = at + 1;
                return 1;
            }
            if (m_eof) {
                if (m_start == m_end)
                    return 0;
                line = std::string_view(b + m_start, m_end - m_start);
                m_start = m_end;
                return 1;
            }
            if (m_start > 0) { // keep the partial line, at the front
                std::memmove(m_buf.data(), b + m_start, m_end - m_start);
                m_end -= m_start;
                m_start = 0;
            }
            if (m_end == m_buf.size())
                m_buf.resize(m_buf.size() * 2);
            if (!m_regular) {
                pollfd p{m_fd, POLLIN, 0};
                if (poll(&p, 1, 0) == 0)
                    before_wait();
            }
            ssize_t n = read(m_fd, m_buf.data() + m_end, m_buf.size() - m_end);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return -1;
            if (n == 0)
                m_eof = true;
            m_end += static_cast<std::size_t>(n);
        }
    }

private:
    static constexpr std::size_t kRegularChunk = 1 << 20, kPipeChunk = 1 << 16;
    int m_fd;
    bool m_regular = false;
    bool m_eof = false;
    std::vector<char> m_buf; // what was read, from m_start to m_end not yet returned
    std::size_t m_start = 0, m_end = 0;
};

// Adds, updates and deletes go through a BulkStream: they are parsed and
// encoded here while its thread feeds the kernel. Any other command first
// waits for the kernel to answer what came before it. A kernel error is
// reported with the FILE:LINE of its command; without -force it ends the
// batch, and the stream undoes what its burst applied after it.
int run_batch(const std::string& file, Globals& g, Netlink& nl) {
    int fd = 0;
    if (file != "-") {
        fd = open(file.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            std::fprintf(stderr, "Cannot open file \"%s\" for reading: %s\n", file.c_str(),
                         std::strerror(errno));
            return 1;
        }
    }
    struct CloseFd {
        int fd;
        ~CloseFd() {
            if (fd > 0)
                close(fd);
        }
    } close_fd{fd};

    std::optional<BulkStream> stream;
    std::vector<std::size_t> request_lines; // request number -> line
    auto report_failures = [&](const std::vector<BulkFailure>& failures) -> int {
        if (failures.empty())
            return 0;
        // Report the first failure like ip does; with -force, every one.
        std::size_t shown = g.force ? failures.size() : 1;
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
    };
    auto sync = [&]() -> int {
        return stream ? report_failures(stream->sync()) : 0;
    };

    LineReader reader(fd);
    std::vector<BulkRequest> pending;
    std::vector<std::string> words;
    std::string acc;
    std::string_view line;
    std::size_t lineno = 0, start_line = 0;
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
        const int got = reader.next(line, before_wait);
        if (stopped)
            return rc;
        if (got < 0) {
            std::fprintf(stderr, "Cannot read \"%s\": %s\n", file.c_str(), std::strerror(errno));
            if (int r = sync(); r)
                return r;
            return 1;
        }
        if (got == 0)
            break;
        ++lineno;
        if (acc.empty())
            start_line = lineno;
        if (!line.empty() && line.back() == '\\') {
            acc.append(line.data(), line.size() - 1);
            acc += ' ';
            continue;
        }
        if (!acc.empty()) {
            acc.append(line);
            split_line(acc, words);
            acc.clear();
        } else {
            split_line(line, words);
        }
        if (words.empty())
            continue;
        try {
            if (is_bulk_verb(words)) {
                const std::uint16_t family = g.family; // a command may set it for itself
                run_command(words, g, nl, &pending);
                g.family = family;
                if (!stream)
                    stream.emplace(nl, BulkOptions{!g.force, false});
                for (const BulkRequest& req : pending) {
                    request_lines.push_back(start_line);
                    stream->push(req);
                }
                pending.clear();
                if (!g.force && stream->failed())
                    return sync();
                continue;
            }
            if (int r = sync(); r) {
                rc = r;
                if (!g.force)
                    return rc;
            }
            const std::uint16_t family = g.family;
            std::fflush(stdout);
            int r = run_command(words, g, nl, nullptr);
            g.family = family;
            if (r)
                rc = r;
        } catch (const CliError& e) {
            if (int r = sync(); r && !g.force)
                return r;
            std::fflush(stdout);
            report(e, "ipxf: -batch " + file + ":" + std::to_string(start_line) + ":\n");
            // like ip -batch: an xfrm error ends the batch
            return e.code;
        }
    }
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

// SPDX-License-Identifier: GPL-2.0-or-later
// The lines of an `ipxf -batch` file: read (never mapped), joined where a
// line ends in a backslash, and split into words as iproute2's makeargs().
#pragma once

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <poll.h>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace ipxf::cli {

// iproute2's makeargs(): words split on blanks (space, tab, CR, LF); a word
// that starts with a double or single quote runs to the same quote, blanks
// included; a quote elsewhere is an ordinary character. The words go into
// `words`, whose strings are reused from line to line (no allocation for
// words up to 15 bytes). Throws CliError (exit 1, as ip) for an unterminated
// quote or more than 99 words. Comments are cut off before (CommandReader).
void split_line(std::string_view line, std::vector<std::string>& words);

// 1 when the first word is "xfrm" or an abbreviation of it ("x", "xf", ...),
// as ip -batch reads its object word; else 0.
std::size_t first_xfrm_word(const std::vector<std::string>& words);

// An add, update or delete of a state or policy (the pipelined commands).
bool is_bulk_verb(const std::vector<std::string>& words);

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

    // Whether the last line returned ended in a newline, and its length.
    bool terminated() const { return m_terminated; }
    std::size_t last_size() const { return m_last_size; }

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
                m_terminated = true;
                m_last_size = line.size();
                return 1;
            }
            if (m_eof) {
                if (m_start == m_end)
                    return 0;
                line = std::string_view(b + m_start, m_end - m_start);
                m_start = m_end;
                m_terminated = false;
                m_last_size = line.size();
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
    bool m_terminated = false;
    std::size_t m_last_size = 0;
    std::vector<char> m_buf; // what was read, from m_start to m_end not yet returned
    std::size_t m_start = 0, m_end = 0;
};

// The commands of a batch, as iproute2's getcmdline() reads them: a line
// is cut at its first '#' (anywhere, quotes or not) and at a NUL byte; a line
// that then ends in a backslash right before its newline goes on on the next
// line (the backslash removed, no blank added). A file that ends inside a
// continuation ends the batch: "Missing continuation line", what was read of
// that command dropped.
class CommandReader {
public:
    explicit CommandReader(int fd) : m_lines(fd) {}

    // The words of the next command that has any; `line` is the number of
    // the physical line where it ends (as ip counts). 1, 0 at the end, -1 on
    // a read error (errno set).
    template <typename F>
    int next(std::vector<std::string>& words, std::size_t& line, F&& before_wait) {
        std::string_view text;
        for (;;) {
            const int got = m_lines.next(text, before_wait);
            if (got <= 0) {
                if (got == 0 && m_continued) {
                    m_continued = false;
                    m_acc.clear();
                    missing_continuation = true;
                }
                return got;
            }
            ++m_lineno;
            text = uncommented(text);
            // getcmdline() looks for a backslash followed by the newline
            const bool more = m_lines.terminated() && text.size() == m_lines.last_size() &&
                              !text.empty() && text.back() == '\\';
            if (more) {
                m_acc.append(text.data(), text.size() - 1);
                m_continued = true;
                continue;
            }
            if (m_continued) {
                m_acc.append(text);
                split_line(m_acc, words);
                m_acc.clear();
                m_continued = false;
            } else {
                split_line(text, words);
            }
            line = m_lineno;
            if (!words.empty())
                return 1;
        }
    }

    // The file ended inside a continuation (ip: "Missing continuation line").
    bool missing_continuation = false;

private:
    static std::string_view uncommented(std::string_view text) {
        const std::size_t cut = std::min(text.find('#'), text.find('\0'));
        return cut == std::string_view::npos ? text : text.substr(0, cut);
    }

    LineReader m_lines;
    std::string m_acc;
    bool m_continued = false;
    std::size_t m_lineno = 0;
};

} // namespace ipxf::cli

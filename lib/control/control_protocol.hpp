// SPDX-License-Identifier: GPL-2.0-or-later
// The control protocol between ikectl and iked, over a UNIX stream socket
// (default /run/iked.ctl, mode 0600).
//
// The client sends one request line: words separated by single spaces, the
// first the verb ("up host-host", "status", "statusall host-host", "stop").
// The daemon answers with lines, each one prefixed by its kind and a space:
//   "L text"  a log line (ikectl writes it to stdout, like `ipsec up`),
//   "O text"  an output line (status listings),
//   "E text"  an error message for stderr,
// and ends with exactly one "R N" line: the exit status ikectl must return.
// A request longer than kMaxRequest, or a reply line longer than kMaxLine, is
// an error; the daemon closes the connection after the "R" line.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iked::control {

inline constexpr const char* kDefaultSocket = "/run/iked.ctl";
inline constexpr std::size_t kMaxLine = 64 * 1024;
inline constexpr std::size_t kMaxRequest = 4096;

} // namespace iked::control

// ikectl's exit codes, which the daemon sends in the "R N" line.
namespace iked::exit_code {
inline constexpr int ok = 0;
inline constexpr int failed = 1;     // the operation failed (not established, unknown conn)
inline constexpr int usage = 2;      // bad command line
inline constexpr int no_daemon = 3;  // iked is not running / the socket cannot be reached
inline constexpr int permission = 4; // not allowed to talk to iked
} // namespace iked::exit_code

namespace iked::control {

enum class LineKind : char { log = 'L', output = 'O', error = 'E', result = 'R' };

struct Line {
    LineKind kind;
    std::string text;
};

// "L text\n" etc.
std::string encode(LineKind kind, std::string_view text);

// One line without its newline; std::nullopt when it is not a protocol line.
std::optional<Line> decode(std::string_view line);

// Splits a request line into words (single spaces; empty words rejected).
std::optional<std::vector<std::string>> split_request(std::string_view line);

} // namespace iked::control

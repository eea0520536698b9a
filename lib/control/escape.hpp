// SPDX-License-Identifier: GPL-2.0-or-later
// Text that came from a peer or a client (IKE identities, notify data,
// connection names in requests) made safe for a terminal, a log file and
// syslog: every byte outside printable ASCII (0x20..0x7e) - control
// characters such as newline, ESC and NUL, DEL, and bytes >= 0x80 - becomes
// "\xNN" (two lower-case hex digits). Printable text, the backslash included,
// is kept as it is, so escaping twice changes nothing.
#pragma once

#include <string>
#include <string_view>

namespace iked {

std::string escape_text(std::string_view text);

// True when escape_text(text) == text.
bool is_safe_text(std::string_view text);

} // namespace iked

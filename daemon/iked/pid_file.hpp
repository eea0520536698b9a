// SPDX-License-Identifier: GPL-2.0-or-later
// The pid file (--pidfile): written once, by the process that will run the
// event loop, without following a symbolic link at the path.
#pragma once

#include "common/result.hpp"

#include <string>
#include <sys/types.h>

namespace iked {

// Writes "PID\n" to `path`, mode 0644: created, or an existing regular file
// with a single link truncated. A symbolic link, a FIFO, a directory or a
// file with other hard links is refused (the error names the path and why).
ipsec::Result<void> write_pid_file(const std::string& path, pid_t pid);

} // namespace iked

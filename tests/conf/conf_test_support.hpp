// SPDX-License-Identifier: GPL-2.0-or-later
// Helpers shared by the conf tests: parse in-memory files, get the error text.
#pragma once

#include "conf/ipsec_conf.hpp"
#include "conf/memory_file_reader.hpp"

#include <string>

namespace conf_test {

inline ipsec::Result<ipsec::conf::IpsecConf> parse_conf(const std::string& text,
                                                        ipsec::conf::ConfOptions options = {}) {
    ipsec::conf::MemoryFileReader files;
    files.add("/etc/ipsec.conf", text);
    return ipsec::conf::parse_ipsec_conf(files, "/etc/ipsec.conf", options);
}

// The error message of a failed parse ("" when it succeeded, so that a comparison fails).
template <typename T>
std::string error_of(const ipsec::Result<T>& result) {
    return result.ok() ? std::string("") : result.error().message;
}

} // namespace conf_test

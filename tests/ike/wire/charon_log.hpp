// SPDX-License-Identifier: GPL-2.0-or-later
// Reads the SK/SKF plaintexts out of a strongSwan charon log written with
// `enc 4` (test code): every "encrypted payload encryption:" / "decryption:"
// section (and the "encrypted fragment payload" ones) logs the associated data
// (`assoc => N bytes`: the IKE header and the SK/SKF payload header, for SKF with
// the fragment number and total) and the inner payloads (`plain => N bytes`,
// padding removed) as hex dumps. Lines of different threads interleave; the
// thread number ("13[ENC]") keeps them apart.
#pragma once

#include "common/result.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ipsec::ike::test {

struct LoggedPlaintext {
    std::size_t line = 0;   // the line of the `plain =>` dump
    bool encryption = true; // charon encrypted it (sent) or decrypted it (received)
    bool fragment = false;  // an SKF payload
    std::vector<std::uint8_t> assoc;
    std::vector<std::uint8_t> plain;
};

Result<std::vector<LoggedPlaintext>> read_logged_plaintexts(const std::string& log_path);

} // namespace ipsec::ike::test
